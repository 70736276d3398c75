/* SPDX-License-Identifier: Apache-2.0 */
/* commands.c - the command table, in the order --help lists it. */
#include <stddef.h>

#include "cli/commands.h"
#include "base/banned.h"

const struct cli_cmd *const cli_commands[] = {
	&cmd_init,
	&cmd_migrate,
	&cmd_version,
	&cmd_demo,
	&cmd_serve,
	&cmd_agency_add,
	&cmd_agency_list,
	&cmd_provider_add,
	&cmd_provider_list,
	&cmd_provider_show,
	&cmd_provider_update,
	&cmd_user_add,
	&cmd_user_list,
	&cmd_user_passwd,
	&cmd_user_totp_enrol,
	&cmd_user_totp_remove,
	&cmd_user_unlock,
	&cmd_case_open,
	&cmd_case_list,
	&cmd_case_show,
	&cmd_case_note,
	&cmd_case_close,
	&cmd_case_add_person,
	&cmd_case_share,
	&cmd_case_shares,
	&cmd_case_unshare,
	&cmd_case_steps,
	&cmd_case_do,
	&cmd_case_skip,
	&cmd_case_reopen,
	&cmd_case_record,
	&cmd_case_facts,
	&cmd_case_upgrade_sop,
	&cmd_case_assess,
	&cmd_case_classify,
	/* "screen show" before "screen", which would take "show" for a
	 * reference. */
	&cmd_screen_show,
	&cmd_screen,
	&cmd_person_add,
	&cmd_person_show,
	&cmd_audit_verify,
	&cmd_audit_log,
	&cmd_sop_import,
	&cmd_sop_list,
	&cmd_sop_show,
	&cmd_sop_validate,
	NULL,
};
