/* SPDX-License-Identifier: Apache-2.0 */
/* counselling.c - the names of model/counselling.h's vocabularies. */
#include "model/counselling.h"
#include "base/banned.h"

ENUM_DESC(counsel_party, COUNSEL_PARTIES, "party")
ENUM_DESC(counsel_age, COUNSEL_AGE_GROUPS, "age group")
ENUM_DESC(counsel_situation, COUNSEL_SITUATIONS, "situation")
ENUM_DESC(counsel_topic, COUNSEL_TOPICS, "topic")
ENUM_DESC(counsel_risk, COUNSEL_RISKS, "risk")
