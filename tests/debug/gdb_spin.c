/* A guest program for the gdb stub's tests (tests/debug/gdb_session.sh): it spins until gdb
 * sets `release`, so the test can interrupt it with Ctrl-C, write its memory, and see its
 * exit status 7 arrive as gdb's "exited with code 07". */
volatile int release;
volatile unsigned long spins;

int main(void)
{
	while (!release)
		spins++;
	return 7;
}
