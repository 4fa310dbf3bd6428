// hello: the smallest useful guest program, a static musl binary that prints its arguments.
//
//   lstar run build/hello a b     prints the three argv strings, exits with status 2
//   lstar run build/hello -       also reads one line from standard input and prints it
//
// The exit status is the number of arguments, so a test sees the status come through the guest
// kernel and lstar. It prints the same natively and under `lstar run`.
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    printf("hello from a static musl program: argc = %d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d] = \"%s\"\n", i, argv[i]);
        if (strcmp(argv[i], "-") == 0) {
            char line[256];
            if (fgets(line, sizeof line, stdin))
                printf("stdin: %s%s", line, strchr(line, '\n') ? "" : "\n");
            else
                printf("stdin: end of input\n");
        }
    }
    return argc - 1;
}
