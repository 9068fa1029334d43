/* The order of findings, their fingerprints, and one race from many roots. */
#ifndef TOCSIN_ORDER_H
#define TOCSIN_ORDER_H

#include "rules/finding.h"

/* Sort: severity (highest first), then file, line, rule, message. */
void finding_list_sort(struct finding_list *l);
/*
 * Fold the findings of one rule that share a group key into the first of
 * them (in sorted order, so the result does not depend on -j): it moves to
 * the group's place and message, says how many roots reach it and lists
 * them as "entry" sites.  A group of one moves too, so that a finding's
 * place and fingerprint do not change when another caller appears.
 */
void finding_fold_groups(struct finding_list *l);

/* A fingerprint that survives unrelated edits: rule, file, function, object. */
void finding_fingerprint(struct finding *f);

#endif
