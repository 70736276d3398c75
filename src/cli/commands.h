/* SPDX-License-Identifier: Apache-2.0 */
/* commands.h - every subcommand, one per cmd_*.c file section. */
#ifndef TIPSOM_COMMANDS_H
#define TIPSOM_COMMANDS_H

#include "cli/cli.h"

extern const struct cli_cmd cmd_init, cmd_migrate, cmd_migrate_store,
    cmd_version, cmd_demo;
extern const struct cli_cmd cmd_agency_add, cmd_agency_list;
extern const struct cli_cmd cmd_provider_add, cmd_provider_list,
    cmd_provider_show, cmd_provider_update;
extern const struct cli_cmd cmd_referral_make, cmd_referral_list,
    cmd_referral_show, cmd_referral_move, cmd_referral_withdraw_consent;
extern const struct cli_cmd cmd_cooperation_add, cmd_cooperation_list,
    cmd_cooperation_show, cmd_cooperation_move, cmd_cooperation_follow_up;
extern const struct cli_cmd cmd_user_add, cmd_user_list, cmd_user_passwd;
extern const struct cli_cmd cmd_case_open, cmd_case_list, cmd_case_show,
    cmd_case_note, cmd_case_close, cmd_case_add_person, cmd_case_route;
extern const struct cli_cmd cmd_case_share, cmd_case_shares,
    cmd_case_unshare, cmd_case_transfer, cmd_case_transfers;
extern const struct cli_cmd cmd_person_add, cmd_person_show;
extern const struct cli_cmd cmd_keys_new, cmd_backup, cmd_restore;
extern const struct cli_cmd cmd_keys_init, cmd_keys_status, cmd_keys_rewrap,
    cmd_keys_rotate;
extern const struct cli_cmd cmd_sheets_list, cmd_sheets_show,
    cmd_sheets_validate;
extern const struct cli_cmd cmd_counselling_add, cmd_counselling_list,
    cmd_counselling_show, cmd_counselling_edit;
extern const struct cli_cmd cmd_intake_report, cmd_intake_list,
    cmd_intake_show, cmd_intake_ack, cmd_intake_link, cmd_intake_unlink;

/* Encrypts the plain store c opened with secret, a key line or a
 * passphrase as kind says (cli_new_store_secret()), and says so. */
int		 cli_encrypt_store(struct cli *c, enum keys_kind kind,
		    const char *secret, struct err *err);
extern const struct cli_cmd cmd_person_duplicates, cmd_person_merge,
    cmd_person_unmerge, cmd_person_merges, cmd_person_distinct;
extern const struct cli_cmd cmd_search_person;
extern const struct cli_cmd cmd_stats;
extern const struct cli_cmd cmd_course_add;
extern const struct cli_cmd cmd_course_list;
extern const struct cli_cmd cmd_course_show;
extern const struct cli_cmd cmd_participant_add;
extern const struct cli_cmd cmd_participant_list;
extern const struct cli_cmd cmd_session_add;
extern const struct cli_cmd cmd_session_list;
extern const struct cli_cmd cmd_session_show;
extern const struct cli_cmd cmd_session_enrol;
extern const struct cli_cmd cmd_session_record;
extern const struct cli_cmd cmd_session_certify;
extern const struct cli_cmd cmd_session_cascade;
extern const struct cli_cmd cmd_certificate_verify;
extern const struct cli_cmd cmd_stats_training;
extern const struct cli_cmd cmd_awareness_add, cmd_awareness_list,
    cmd_awareness_show, cmd_awareness_edit;
extern const struct cli_cmd cmd_train_sandbox;
extern const struct cli_cmd cmd_train_studies;
extern const struct cli_cmd cmd_train_validate;
extern const struct cli_cmd cmd_train_import;
extern const struct cli_cmd cmd_train_start;
extern const struct cli_cmd cmd_train_show;
extern const struct cli_cmd cmd_train_finish;
extern const struct cli_cmd cmd_train_exercises;
extern const struct cli_cmd cmd_train_group_create;
extern const struct cli_cmd cmd_train_groups;
extern const struct cli_cmd cmd_train_group;
extern const struct cli_cmd cmd_train_group_close;
extern const struct cli_cmd cmd_audit_verify, cmd_audit_log;
extern const struct cli_cmd cmd_serve;
extern const struct cli_cmd cmd_user_totp_enrol, cmd_user_totp_remove,
    cmd_user_unlock;
extern const struct cli_cmd cmd_case_steps, cmd_case_do, cmd_case_skip,
    cmd_case_reopen, cmd_case_record, cmd_case_facts, cmd_case_upgrade_sop;
extern const struct cli_cmd cmd_case_assess, cmd_case_classify;
extern const struct cli_cmd cmd_screen, cmd_screen_show;
extern const struct cli_cmd cmd_sop_validate, cmd_sop_import, cmd_sop_list,
    cmd_sop_show;
extern const struct cli_cmd cmd_links_add, cmd_links_list, cmd_links_remove,
    cmd_links_network, cmd_links_import_calls, cmd_links_export;
extern const struct cli_cmd cmd_export_htcds;
extern const struct cli_cmd cmd_import_persons, cmd_import_cases;
extern const struct cli_cmd cmd_export_cases, cmd_export_persons,
    cmd_export_steps, cmd_export_referrals;

#endif
