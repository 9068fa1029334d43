# --verify: expect: comments, their why=, nowhy= and their length

VERIFY_FIXTURE=$FIXTURES/double-fetch/user-frame-regs-copied-into-task-past-check.c

# why= met, nowhy= of the same words refused with its own message
t_verify_why_and_nowhy() {
	cp "$VERIFY_FIXTURE" "$TMP/f.c"
	run "$TOCSIN" --no-cache --verify "$TMP/f.c"
	expect_status 0 || return 1
	sed 's/why=are_kept_in_\*regs/nowhy=are_kept_in_*regs/' "$VERIFY_FIXTURE" >"$TMP/f.c"
	run "$TOCSIN" --no-cache --verify "$TMP/f.c"
	expect_status 1 && expect_out "expected it not to say \"are kept in \*regs\""
}

# a value past 95 characters is an error, not a pattern cut short
t_verify_too_long_value() {
	long=$(printf 'x%.0s' $(seq 1 100))
	sed "s/why=are_kept_in_\*regs/why=are_kept_in_*regs$long/" "$VERIFY_FIXTURE" >"$TMP/f.c"
	run "$TOCSIN" --no-cache --verify "$TMP/f.c"
	expect_status 1 && expect_out "longer than 95 characters"
}
