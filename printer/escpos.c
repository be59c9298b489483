/* ESC/POS raster encoding and decoding. */
#include "escpos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dawr_bytes_append(dawr_bytes *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        uint8_t *grown = realloc(b->data, cap);
        if (!grown) return -1;
        b->data = grown;
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, data, n);
    b->len += n;
    return 0;
}

void dawr_bytes_release(dawr_bytes *b)
{
    if (!b) return;
    free(b->data);
    memset(b, 0, sizeof *b);
}

int dawr_escpos_encode(const dawr_mono *m, int feed_lines, dawr_bytes *out)
{
    static const uint8_t init[] = { 0x1B, 0x40 };
    if (dawr_bytes_append(out, init, sizeof init)) return -1;
    for (int y = 0; y < m->height; y += DAWR_ESCPOS_BAND) {
        int rows = m->height - y < DAWR_ESCPOS_BAND ? m->height - y : DAWR_ESCPOS_BAND;
        uint8_t head[8] = { 0x1D, 0x76, 0x30, 0, (uint8_t)(m->stride & 0xFF), (uint8_t)(m->stride >> 8),
                            (uint8_t)(rows & 0xFF), (uint8_t)(rows >> 8) };
        if (dawr_bytes_append(out, head, sizeof head) ||
            dawr_bytes_append(out, m->bits + (size_t)y * m->stride, (size_t)rows * m->stride))
            return -1;
    }
    uint8_t tail[] = { 0x1B, 0x64, (uint8_t)(feed_lines < 0 ? 0 : feed_lines > 255 ? 255 : feed_lines),
                       0x1D, 0x56, 66, 0 };
    return dawr_bytes_append(out, tail, sizeof tail);
}

static int bad(char *err, size_t err_size, size_t at, const uint8_t *data, const char *what)
{
    snprintf(err, err_size, "byte %zu (0x%02X): %s", at, data[at], what);
    return -1;
}

int dawr_escpos_decode(const uint8_t *data, size_t len, dawr_mono *out, dawr_escpos_info *info,
                       char *err, size_t err_size)
{
    dawr_escpos_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    memset(out, 0, sizeof *out);
    size_t i = 0;
    int after_cut = 0;
    while (i < len) {
        size_t left = len - i;
        const uint8_t *p = data + i;
        if (left >= 2 && p[0] == 0x1B && p[1] == 0x40) { i += 2; continue; }
        if (left >= 3 && p[0] == 0x1B && p[1] == 0x64) { info->feed_lines += p[2]; i += 3; continue; }
        if (left >= 3 && p[0] == 0x1D && p[1] == 0x56) {
            int n = (p[2] == 65 || p[2] == 66) ? 4 : 3;      /* GS V m [n] */
            if (left < (size_t)n) {
                dawr_mono_release(out);
                return bad(err, err_size, i, data, "cut command cut short");
            }
            info->cuts++;
            after_cut = 1;
            i += n;
            continue;
        }
        if (left >= 8 && p[0] == 0x1D && p[1] == 0x76 && p[2] == 0x30) {
            int stride = p[4] | p[5] << 8, rows = p[6] | p[7] << 8;
            if (stride < 1 || rows < 1 || (size_t)stride * rows > left - 8) {
                dawr_mono_release(out);
                return bad(err, err_size, i, data, "GS v 0 with a bad size or cut short");
            }
            if (out->bits && stride != out->stride) {
                dawr_mono_release(out);
                return bad(err, err_size, i, data, "GS v 0 bands of different widths");
            }
            int top = out->bits ? out->height : 0;
            if (!out->bits ? dawr_mono_init(out, stride * 8, rows) : dawr_mono_resize(out, top + rows)) {
                dawr_mono_release(out);
                snprintf(err, err_size, "out of memory");
                return -1;
            }
            memcpy(out->bits + (size_t)top * stride, p + 8, (size_t)stride * rows);
            info->bands++;
            after_cut = 0;
            i += 8 + (size_t)stride * rows;
            continue;
        }
        dawr_mono_release(out);
        return bad(err, err_size, i, data, "not an ESC/POS command Dawr sends");
    }
    if (!out->bits) { snprintf(err, err_size, "no raster in %zu bytes", len); return -1; }
    info->ends_with_cut = after_cut;
    return 0;
}
