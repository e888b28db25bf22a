/* hello.c: the sample program of every architecture in testdata/.
 * Small, but it has what readers look at: .data, .bss, .rodata, a TLS
 * variable (PT_TLS), pointers that need dynamic relocations, and calls into
 * libc (PLT, GLIBC_* version needs). */
#include <stdio.h>
#include <string.h>

int counter = 42;
__thread int tls_value = 7;
static const char *const names[] = {"zero", "one", "two"};
static char buffer[64];

int answer(void) { return counter; }

int main(int argc, char **argv)
{
	(void)argv;
	snprintf(buffer, sizeof buffer, "%s %d %d", names[argc % 3], answer(), tls_value);
	puts(buffer);
	return strlen(buffer) == 0;
}
