/* The receipt's layout: the configured width (80 and 58 mm), the ticket number's ink in its
 * box and very large, the QR code read back by a real decoder (zbar) saying which ticket it
 * is, the new-request section only for new requests, both languages, and the preview PNG of
 * `dawrctl receipt` being exactly the bitmap that would be printed. */
#include "harness.h"
#include "testutil.h"

#include "receipt.h"

#include "qrutil.h"

static const char *NOW = "2026-11-25T08:30:00";

/* Issues a ticket of SERVICE in a new database under CFG. */
static dawr_queue *issue(const dawr_config *cfg, const char *name, const char *service, dawr_ticket *t)
{
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, scratch_db(name), &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "%s\n", err); return NULL; }
    dawr_queue_set_clock(q, fake_clock, NULL);
    fake_now = at_local(NOW);
    if (dawr_queue_issue(q, service, 0, t) != DAWR_OK) { dawr_queue_close(q); return NULL; }
    return q;
}


static void check_receipt(const char *what, const dawr_mono *m, const dawr_receipt_layout *lay, const dawr_ticket *t,
                          int width)
{
    CHECK(m->width == width, "%s: width %d, expected %d", what, m->width, width);
    CHECK(m->height > 600 && m->height < 4000, "%s: height %d", what, m->height);
    const dawr_receipt_box *b = &lay->number;
    CHECK(b->w > 0 && b->h > 0, "%s: no number box", what);
    CHECK(b->x >= 0 && b->x + b->w <= m->width, "%s: number box %d+%d outside the paper", what, b->x, b->w);
    CHECK(b->h >= (width == 576 ? 100 : 65), "%s: the number is only %d dots high", what, b->h);
    long ink = dawr_mono_count(m, b->x, b->y, b->w, b->h);
    CHECK(ink > (long)b->w * b->h / 5, "%s: %ld dots of ink in the number's %dx%d box", what, ink, b->w, b->h);
    /* The number's box is the biggest type on the receipt: a margin of paper above and below. */
    CHECK(dawr_mono_count(m, 0, b->y - 4, m->width, 3) == 0, "%s: ink right above the number", what);
    char want[128], got[256];
    dawr_receipt_qr_text(t, want, sizeof want);
    CHECK_STR(lay->qr_text, want);
    CHECK(decode_qr(m, got, sizeof got) == 1, "%s: zbar found no single QR code", what);
    CHECK_STR(got, want);
    CHECK(lay->qr_module >= 3, "%s: QR modules of %d dots are too small to scan on thermal paper", what, lay->qr_module);
    CHECK(lay->logo.w > 0 && dawr_mono_count(m, lay->logo.x, lay->logo.y, lay->logo.w, lay->logo.h) > 0,
          "%s: no logo", what);
}

static void new_request_at_80_and_58_mm(void)
{
    static const struct { const char *mm; int width; } PAPER[] = { { "80", 576 }, { "58", 384 } };
    for (size_t i = 0; i < 2; i++) {
        const char *dir = scratch_dir("receipt-paper");
        char path[600], err[512];
        snprintf(path, sizeof path, "%s/dawr.conf", dir);
        FILE *in = fopen(default_config_path(), "r");
        REQUIRE(in, "default configuration");
        static char text[65536];
        size_t n = fread(text, 1, sizeof text - 1, in);
        fclose(in);
        text[n] = 0;
        char *width = strstr(text, "width_mm = 80");
        REQUIRE(width, "width_mm = 80 in the default configuration");
        memcpy(width + 11, PAPER[i].mm, 2);
        write_file(path, text);
        dawr_config *cfg = dawr_config_load(path, err, sizeof err);
        REQUIRE(cfg, "%s", err);
        CHECK_INT(dawr_config_printer(cfg)->width_dots, PAPER[i].width);
        dawr_ticket t;
        dawr_queue *q = issue(cfg, "receipt-q", "new_request", &t);
        REQUIRE(q, "issue");
        dawr_receipt *r = dawr_receipt_new(cfg, err, sizeof err);
        REQUIRE(r, "%s", err);
        dawr_mono ar, en;
        dawr_receipt_layout lay_ar, lay_en;
        REQUIRE(dawr_receipt_render(r, &t, "ar", at_local(NOW), &ar, &lay_ar) == 0, "%s", dawr_receipt_error(r));
        REQUIRE(dawr_receipt_render(r, &t, "en", at_local(NOW), &en, &lay_en) == 0, "%s", dawr_receipt_error(r));
        check_receipt(PAPER[i].width == 576 ? "80 mm, Arabic" : "58 mm, Arabic", &ar, &lay_ar, &t, PAPER[i].width);
        check_receipt(PAPER[i].width == 576 ? "80 mm, English" : "58 mm, English", &en, &lay_en, &t, PAPER[i].width);
        CHECK(!dawr_mono_equal(&ar, &en), "the English receipt is the Arabic one");
        /* The same ticket at the same time gives the same bitmap (previews can be compared). */
        dawr_mono again;
        REQUIRE(dawr_receipt_render(r, &t, "ar", at_local(NOW), &again, NULL) == 0, "again");
        CHECK(dawr_mono_equal(&ar, &again), "two renderings of one receipt differ");
        dawr_mono_release(&again);
        /* An inquiry has no documents and no committee notice: a shorter receipt. */
        dawr_ticket inquiry;
        REQUIRE(dawr_queue_issue(q, "inquiry", 0, &inquiry) == DAWR_OK, "inquiry");
        dawr_mono short_one;
        REQUIRE(dawr_receipt_render(r, &inquiry, "ar", at_local(NOW), &short_one, NULL) == 0, "inquiry receipt");
        CHECK(short_one.height + 200 < ar.height, "inquiry %d dots, new request %d: the documents are missing?",
              short_one.height, ar.height);
        dawr_mono_release(&short_one);
        dawr_mono_release(&ar);
        dawr_mono_release(&en);
        dawr_receipt_free(r);
        dawr_queue_close(q);
        dawr_config_free(cfg);
    }
}

/* Leftmost (RIGHT: rightmost) ink column of M in rows Y..Y+H; -1 when there is none. */
static int ink_edge(const dawr_mono *m, int y, int h, int right)
{
    int edge = -1;
    for (int j = y < 0 ? 0 : y; j < y + h && j < m->height; j++)
        for (int i = 0; i < m->width; i++)
            if (dawr_mono_get(m, i, j)) {
                if (edge < 0 || (right ? i > edge : i < edge)) edge = i;
            }
    return edge;
}

/* Issue 15's typography on the narrow 58 mm roll: the Hijri and Gregorian dates each whole on
 * one line ("15 Jumada II 1448 AH" never broken inside), the time in 12-hour form with AM/PM
 * (ص/م in Arabic), and the documents' wrapped lines hanging under their first word, not under
 * the bullet, measured on the printed dots' columns. */
static void dates_whole_twelve_hour_time_and_hanging_bullets_at_58_mm(void)
{
    const char *dir = scratch_dir("receipt-58");
    char path[600], err[512];
    snprintf(path, sizeof path, "%s/dawr.conf", dir);
    static char text[65536];
    read_file_into(default_config_path(), text, sizeof text);
    char *width = strstr(text, "width_mm = 80");
    REQUIRE(width, "width_mm = 80 in the default configuration");
    memcpy(width + 11, "58", 2);
    write_file(path, text);
    dawr_config *cfg = dawr_config_load(path, err, sizeof err);
    REQUIRE(cfg, "%s", err);
    dawr_ticket t;
    dawr_queue *q = issue(cfg, "receipt-58-q", "new_request", &t);
    REQUIRE(q, "issue");
    dawr_receipt *r = dawr_receipt_new(cfg, err, sizeof err);
    REQUIRE(r, "%s", err);
    dawr_mono en, ar;
    static dawr_receipt_layout lay, lay_ar;
    REQUIRE(dawr_receipt_render(r, &t, "en", at_local(NOW), &en, &lay) == 0, "%s", dawr_receipt_error(r));
    REQUIRE(dawr_receipt_render(r, &t, "ar", at_local(NOW), &ar, &lay_ar) == 0, "%s", dawr_receipt_error(r));
    int hijri = 0, gregorian = 0, time_line = 0;
    for (int i = 0; i < lay.line_count; i++) {
        const char *l = lay.lines[i].text;
        if (strstr(l, "Jumada")) {
            hijri++;
            CHECK(strstr(l, "Jumada II 1448 AH") && (strstr(l, "15 Jumada") || strstr(l, "29 Jumada")),
                  "the Hijri date broken across lines: \"%s\"", l);
        }
        if (strstr(l, "November") || strstr(l, "December")) {
            gregorian++;
            CHECK(strstr(l, "2026 AD"), "the Gregorian date broken across lines: \"%s\"", l);
        }
        if (strstr(l, "Time")) {
            time_line++;
            CHECK(strstr(l, "8:30") && strstr(l, "AM") && !strstr(l, "08:30"), "not a 12-hour time: \"%s\"", l);
        }
    }
    CHECK(hijri >= 2 && gregorian >= 2, "dates: %d Hijri and %d Gregorian lines (the issue's and the reply's)", hijri,
          gregorian);
    CHECK_INT(time_line, 1);
    int ar_time = 0;
    for (int i = 0; i < lay_ar.line_count; i++)
        if (strstr(lay_ar.lines[i].text, "٨:٣٠")) ar_time += strstr(lay_ar.lines[i].text, "ص") != NULL;
    CHECK_INT(ar_time, 1);

    /* Hanging bullets: every line of the documents starts at the same column, the first
     * words' column; only the bullet stands out before it. */
    const dawr_service *sv = dawr_config_find_service(cfg, "new_request");
    REQUIRE(sv && sv->document_count >= 4, "the new request's documents");
    int text_col = -1, bullet_col = -1, continuations = 0;
    for (int i = 0; i < lay.line_count; i++) {
        const dawr_receipt_line *ln = &lay.lines[i];
        int starts = 0, within = 0;
        for (int d = 0; d < sv->document_count; d++) {
            size_t k = strlen(ln->text) < 8 ? strlen(ln->text) : 8;
            starts |= k && !strncmp(sv->documents_en[d], ln->text, k);
            within |= strstr(sv->documents_en[d], ln->text) != NULL && *ln->text;
        }
        if (!within) continue;
        int edge = ink_edge(&en, ln->box.y, ln->box.h, 0);
        if (starts) {
            if (text_col < 0) { text_col = ln->box.x; bullet_col = edge; }
            CHECK(abs(ln->box.x - text_col) <= 2, "item \"%s\" starts at column %d, not %d", ln->text, ln->box.x, text_col);
        } else {
            continuations++;
            CHECK(abs(edge - text_col) <= 3, "wrapped \"%s\" starts at column %d, not under the first word at %d", ln->text,
                  edge, text_col);
        }
    }
    CHECK(bullet_col >= 0 && text_col - bullet_col >= 10, "bullet at column %d, words at %d: no hanging indent",
          bullet_col, text_col);
    CHECK(continuations >= 1, "no document wrapped at 58 mm: the hanging indent is untested");
    dawr_mono_release(&en);
    dawr_mono_release(&ar);
    dawr_receipt_free(r);
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

static void dawrctl_preview_is_the_printed_bitmap(void)
{
    const char *dir = scratch_dir("receipt-preview");
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char db[600], png[600], cmd[6144], err[512];
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(png, sizeof png, "%s/receipt.png", dir);
    snprintf(cmd, sizeof cmd,
             "%s/dawrctl --config '%s' --db '%s' init >/dev/null && "
             "DAWR_NOW=%s %s/dawrctl --config '%s' --db '%s' issue inquiry >/dev/null && "
             "DAWR_NOW=%s %s/dawrctl --config '%s' --db '%s' receipt C-001 -o '%s' >/dev/null",
             build, default_config_path(), db, NOW, build, default_config_path(), db, NOW, build, default_config_path(),
             db, png);
    REQUIRE(system(cmd) == 0, "dawrctl failed: %s", cmd);
    dawr_mono preview, printed;
    REQUIRE(dawr_mono_read_png(png, &preview, err, sizeof err) == 0, "%s", err);
    dawr_config *cfg = load_default_config();
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    REQUIRE(q, "%s", err);
    dawr_ticket t;
    REQUIRE(dawr_queue_find(q, "#1", &t) == DAWR_OK, "find");
    t.people_ahead = -1;                     /* as dawrctl does for a ticket issued earlier */
    dawr_receipt *r = dawr_receipt_new(cfg, err, sizeof err);
    REQUIRE(r, "%s", err);
    REQUIRE(dawr_receipt_render(r, &t, NULL, at_local(NOW), &printed, NULL) == 0, "%s", dawr_receipt_error(r));
    CHECK(dawr_mono_equal(&preview, &printed), "the preview (%dx%d) is not the printed bitmap (%dx%d)", preview.width,
          preview.height, printed.width, printed.height);
    /* A ticket that does not exist: exit 1 and a reason. */
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config '%s' --db '%s' receipt Z-999 -o '%s' 2>/dev/null", build,
             default_config_path(), db, png);
    int rc = system(cmd);
    CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1, "receipt of a missing ticket: status %d", rc);
    dawr_mono_release(&preview);
    dawr_mono_release(&printed);
    dawr_receipt_free(r);
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

/* A ticket's needs add a small mark under the visit reason, an appointment its time; documents missing gives a slip of
 * the service's documents to bring, with no QR code, in the visitor's language. */
static void needs_mark_and_documents_slip(void)
{
    char err[512];
    dawr_config *cfg = dawr_config_load(default_config_path(), err, sizeof err);
    REQUIRE(cfg, "%s", err);
    dawr_ticket t;
    dawr_queue *q = issue(cfg, "receipt-needs", "new_request", &t);
    REQUIRE(q, "issue");
    dawr_receipt *r = dawr_receipt_new(cfg, err, sizeof err);
    REQUIRE(r, "%s", err);
    dawr_mono plain, marked, docs_ar, docs_en;
    dawr_receipt_layout lay_plain, lay_marked, lay_docs;
    REQUIRE(dawr_receipt_render(r, &t, "ar", at_local(NOW), &plain, &lay_plain) == 0, "%s", dawr_receipt_error(r));
    dawr_ticket needy = t;
    needy.priority = 1;
    needy.needs = DAWR_NEED_BIT(WHEELCHAIR) | DAWR_NEED_BIT(HARD_OF_HEARING);
    REQUIRE(dawr_receipt_render(r, &needy, "ar", at_local(NOW), &marked, &lay_marked) == 0, "%s", dawr_receipt_error(r));
    CHECK(marked.height > plain.height + 20, "the mark adds a line: %d vs %d", marked.height, plain.height);
    CHECK_INT(lay_marked.number.y, lay_plain.number.y);        /* above the mark, nothing moved */
    CHECK(lay_marked.qr.y > lay_plain.qr.y, "the QR code moved down for the mark");
    /* An appointment ticket says its time under the reason: a line more, another time another bitmap. */
    dawr_mono early, later;
    dawr_ticket booked = t;
    booked.appointment_at = at_local("2026-11-25T10:30:00");
    REQUIRE(dawr_receipt_render(r, &booked, "ar", at_local(NOW), &early, NULL) == 0, "%s", dawr_receipt_error(r));
    booked.appointment_at = at_local("2026-11-25T11:30:00");
    REQUIRE(dawr_receipt_render(r, &booked, "ar", at_local(NOW), &later, NULL) == 0, "%s", dawr_receipt_error(r));
    CHECK(early.height > plain.height + 20, "the appointment adds a line: %d vs %d", early.height, plain.height);
    CHECK(early.height == later.height && !dawr_mono_equal(&early, &later), "the appointment's time is printed");
    dawr_mono_release(&early);
    dawr_mono_release(&later);
    REQUIRE(dawr_receipt_render_kind(r, &t, DAWR_RECEIPT_DOCUMENTS, "ar", at_local(NOW), &docs_ar, &lay_docs) == 0,
            "%s", dawr_receipt_error(r));
    CHECK_INT(lay_docs.qr.w, 0);
    char got[256];
    CHECK_INT(decode_qr(&docs_ar, got, sizeof got), 0);
    CHECK(docs_ar.height > 300 && docs_ar.height < plain.height, "documents slip height %d", docs_ar.height);
    REQUIRE(dawr_receipt_render_kind(r, &t, DAWR_RECEIPT_DOCUMENTS, "en", at_local(NOW), &docs_en, NULL) == 0, "en");
    CHECK(!dawr_mono_equal(&docs_ar, &docs_en), "the English documents slip is the Arabic one");
    dawr_mono_release(&plain);
    dawr_mono_release(&marked);
    dawr_mono_release(&docs_ar);
    dawr_mono_release(&docs_en);
    dawr_receipt_free(r);
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "new_request_at_80_and_58_mm", new_request_at_80_and_58_mm },
        { "dates_whole_twelve_hour_time_and_hanging_bullets_at_58_mm", dates_whole_twelve_hour_time_and_hanging_bullets_at_58_mm },
        { "dawrctl_preview_is_the_printed_bitmap", dawrctl_preview_is_the_printed_bitmap },
        { "needs_mark_and_documents_slip", needs_mark_and_documents_slip },
        { NULL, NULL },
    };
    return harness_main("printer_receipt", cases, argc, argv);
}
