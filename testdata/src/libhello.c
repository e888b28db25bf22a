/* libhello.c: the sample shared object. Linked with libhello.map it
 * defines two symbol versions (HELLO_1.0, HELLO_2.0 inheriting it), a symbol
 * with an old and a default version (hello_version@HELLO_1.0,
 * hello_version@@HELLO_2.0), a hidden symbol, and enough exported
 * functions that the GNU hash table has several buckets and chains. */

int hello_counter = 3;

int hello_add(int a, int b) { return a + b + hello_counter; }

const char *hello_greeting(void) { return "hello from libhello"; }

int hello_version_v1(void) { return 1; }
int hello_version_v2(void) { return 2; }
__asm__(".symver hello_version_v1, hello_version@HELLO_1.0");
__asm__(".symver hello_version_v2, hello_version@@HELLO_2.0");

static int helper(void) { return 5; }
__attribute__((visibility("hidden"))) int hello_internal(void) { return helper(); }

#define F(n) int hello_fn_##n(int x) { return x * n + hello_internal(); }
F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11) F(12) F(13) F(14)
F(15) F(16) F(17) F(18) F(19) F(20) F(21) F(22) F(23) F(24) F(25) F(26)
F(27) F(28) F(29) F(30) F(31) F(32)
