/* imgcmp: compares QEMU's screendump (binary PPM) with a reference PNG of the same size, with
 * a tolerance, for make image-check.
 *   imgcmp SCREEN.ppm REFERENCE.png [DIFF.png]
 * A pixel differs when a channel is off by more than 48 of 255 (anti-aliasing and colour
 * conversion stay under that); the images match when at most 6% of pixels differ (the clock and
 * date on the screen change) and the screen is not one flat colour. Prints the figures; exits
 * 0 on a match, 1 on a mismatch, 2 when a file cannot be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_png.h"

#define CHANNEL_TOLERANCE 48
#define MAX_DIFFERING 0.06

static unsigned char *read_ppm(const char *path, int *w, int *h)
{
    FILE *f = fopen(path, "rb");
    int max;
    if (!f) return NULL;
    if (fscanf(f, "P6 %d %d %d", w, h, &max) != 3 || max != 255 || fgetc(f) == EOF) { fclose(f); return NULL; }
    size_t n = (size_t)*w * *h * 3;
    unsigned char *px = malloc(n);
    if (px && fread(px, 1, n, f) != n) { free(px); px = NULL; }
    fclose(f);
    return px;
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: imgcmp SCREEN.ppm REFERENCE.png [DIFF.png]\n"); return 2; }
    int w, h, rw, rh;
    char err[512];
    unsigned char *a = read_ppm(argv[1], &w, &h);
    if (!a) { printf("cannot read %s\n", argv[1]); return 2; }
    unsigned char *b = dawr_png_read(argv[2], DAWR_PNG_RGB, &rw, &rh, err, sizeof err);
    if (!b) { printf("cannot read %s\n", err); free(a); return 2; }
    if (w != rw || h != rh) { printf("sizes differ: screen %dx%d, reference %dx%d\n", w, h, rw, rh); return 1; }
    size_t n = (size_t)w * h, differing = 0, unlike_first = 0;
    unsigned char *diff = calloc(n, 3);
    for (size_t i = 0; i < n; i++) {
        int d = 0;
        for (int c = 0; c < 3; c++) {
            int v = abs(a[i * 3 + c] - b[i * 3 + c]);
            if (v > d) d = v;
            if (abs(a[i * 3 + c] - a[c]) > CHANNEL_TOLERANCE) unlike_first++;
        }
        if (d > CHANNEL_TOLERANCE) { differing++; if (diff) diff[i * 3] = 255; }
        else if (diff) diff[i * 3 + 1] = diff[i * 3 + 2] = a[i * 3 + 1] / 3;
    }
    double share = (double)differing / n, ink = (double)unlike_first / n / 3;
    printf("%dx%d, %.2f%% of pixels differ (at most %.0f%%), %.1f%% not the background\n", w, h, share * 100,
           MAX_DIFFERING * 100, ink * 100);
    if (argc > 3 && diff && dawr_png_write(argv[3], DAWR_PNG_RGB, diff, w, h, (size_t)w * 3, 0, err, sizeof err) < 0)
        printf("%s\n", err);
    free(a); free(b); free(diff);
    return share <= MAX_DIFFERING && ink > 0.01 ? 0 : 1;
}
