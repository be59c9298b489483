/* textshot: renders one paragraph through the text pipeline to a PNG on white, and with
 * --dump prints the laid-out lines as JSON. The debugging window into text/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_layout.h"
#include "text_raster.h"

static void usage(FILE *f)
{
    fputs("usage: textshot [--font FAMILY] [--size PX] [--width PX] [--dir auto|rtl|ltr]\n"
          "                [--align start|end|center] [--weight regular|bold] [--margin PX]\n"
          "                [--line-height EM]\n"
          "                [--dump] [-o out.png] TEXT\n", f);
}

static int pick(const char *arg, const char *const *names, int n, const char *opt)
{
    for (int i = 0; i < n; i++)
        if (strcmp(arg, names[i]) == 0) return i;
    fprintf(stderr, "textshot: bad value \"%s\" for %s\n", arg, opt);
    return -1;
}

#define MAX_MARGIN_PX 1000

/* A margin in pixels, 0..MAX_MARGIN_PX; -1 when V is not one (the image size must not overflow). */
static int parse_margin(const char *v)
{
    char *end;
    long m = strtol(v, &end, 10);
    return end != v && !*end && m >= 0 && m <= MAX_MARGIN_PX ? (int)m : -1;
}

int main(int argc, char **argv)
{
    static const char *const dirs[] = { "auto", "rtl", "ltr" };
    static const char *const aligns[] = { "start", "end", "center" };
    static const char *const weights[] = { "regular", "bold" };
    dawr_layout_opts o = { .size_px = 32 };
    const char *family = NULL, *out = NULL, *text = NULL;
    int dump = 0, margin = 8;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int k = 0;
        if (strcmp(a, "--dump") == 0) { dump = 1; continue; }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) { usage(stdout); return 0; }
        if (a[0] != '-' || strcmp(a, "--") == 0) {
            if (strcmp(a, "--") == 0) a = v, i++;
            if (text || !a) { usage(stderr); return 2; }
            text = a;
            continue;
        }
        if (!v) { fprintf(stderr, "textshot: %s needs a value\n", a); return 2; }
        i++;
        if (strcmp(a, "--font") == 0) family = v;
        else if (strcmp(a, "-o") == 0) out = v;
        else if (strcmp(a, "--size") == 0) o.size_px = strtof(v, NULL);
        else if (strcmp(a, "--width") == 0) o.width_px = strtof(v, NULL);
        else if (strcmp(a, "--margin") == 0) margin = parse_margin(v);
        else if (strcmp(a, "--line-height") == 0) o.line_em = strtof(v, NULL);
        else if (strcmp(a, "--dir") == 0 && (k = pick(v, dirs, 3, a)) >= 0) o.dir = (dawr_dir)k;
        else if (strcmp(a, "--align") == 0 && (k = pick(v, aligns, 3, a)) >= 0) o.align = (dawr_align)k;
        else if (strcmp(a, "--weight") == 0 && (k = pick(v, weights, 2, a)) >= 0) o.weight = (dawr_weight)k;
        else {
            if (k >= 0) { fprintf(stderr, "textshot: unknown option %s\n", a); usage(stderr); }
            return 2;
        }
    }
    if (!text || (!out && !dump)) { usage(stderr); return 2; }
    if (!(o.size_px > 0) || o.size_px > 2048 || !(o.width_px >= 0) || o.width_px > 20000 || margin < 0) {
        fprintf(stderr, "textshot: size must be from 1 to 2048 px, width from 0 to 20000 px, margin from 0 to %d px\n",
                MAX_MARGIN_PX);
        return 2;
    }

    char err[256];
    int status = 1;
    dawr_layout *l = NULL;
    dawr_bitmap bm = { 0 };
    dawr_text *t = dawr_text_new(family, err, sizeof err);
    if (!t) {
        fprintf(stderr, "textshot: %s\n", err);
        return 1;
    }
    l = dawr_text_layout(t, text, (size_t)-1, &o);
    if (!l) { fprintf(stderr, "textshot: out of memory\n"); goto done; }
    if (dump) {
        char *json = dawr_layout_dump_json(l);
        if (!json) { fprintf(stderr, "textshot: out of memory\n"); goto done; }
        puts(json);
        free(json);
    }
    if (out) {
        if (dawr_raster_layout(l, margin, &bm) < 0) {
            fprintf(stderr, "textshot: cannot allocate the image\n");
            goto done;
        }
        if (dawr_bitmap_write_png(&bm, out, err, sizeof err) < 0) {
            fprintf(stderr, "textshot: %s\n", err);
            goto done;
        }
    }
    status = 0;
done:
    dawr_bitmap_release(&bm);
    dawr_layout_free(l);
    dawr_text_free(t);
    return status;
}
