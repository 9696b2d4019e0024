/*
 * replay.c - runs a fuzz target over saved inputs without a fuzzer (after
 * zstd's regression_driver.c).  Arguments are files or directories; each
 * file is read whole (fuzz inputs are small) and passed to
 * LLVMFuzzerTestOneInput.  Prints "PASS replay:<target>:<n inputs>".
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		printf("FAIL replay: cannot open %s\n", path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			unsigned char *p;
			cap = cap ? cap * 2 : 4096;
			p = realloc(buf, cap);
			if (!p) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 1;
}

static int replay_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int total = 0;

	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char sub[4096];
		int r;
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		r = replay_path(sub);
		if (r < 0) {
			closedir(d);
			return -1;
		}
		total += r;
	}
	closedir(d);
	return total;
}

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++) {
		int r = replay_path(argv[i]);
		if (r < 0)
			return 1;
		total += r;
	}
	if (total == 0) {
		printf("FAIL replay: no inputs under %s\n", argc > 1 ? argv[1] : "(none)");
		return 1;
	}
	printf("PASS replay:%s:%d inputs\n", argc > 1 ? argv[1] : "", total);
	return 0;
}
