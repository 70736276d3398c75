/* SPDX-License-Identifier: Apache-2.0 */
/* main.c - argv to the command table, nothing else. */
#include "cli/cli.h"
#include "base/banned.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
