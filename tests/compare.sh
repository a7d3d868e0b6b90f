# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh (uses its check, section, user_make, WORK, TOP,
# BUILD).  `make compare` as a user types it, on the hand-made runs of
# tests/data/compare (the cmocka tests, tests/unit/test_compare.c, cover
# the rule): the knobs reach bench-compare and make's status follows its
# verdict.

section "make compare through the top-level Makefile (tests/compare.sh)"
C=$WORK/compare
CD=$TOP/tests/data/compare
mkdir -p "$C"

# cmp_make NAME KNOB...: make compare with the knobs; output in $C/NAME.out,
# status in $C/NAME.rc.
cmp_make() {
    local name=$1
    shift
    user_make compare BUILD="$BUILD" "$@" >"$C/$name.out" 2>&1
    echo $? >"$C/$name.rc"
}
rc_is() { test "$(cat "$C/$1.rc")" -eq "$2"; }
has() { grep -qxF -e "$2" "$C/$1.out"; }

cmp_make same A="$CD/base" B="$CD/same"
identical_ok() {
    rc_is same 0 && has same "5 rows compared: 5 identical, 0 changed within spread, 0 flagged; 0 only in A, 0 only in B"
}
check "make compare on two identical runs exits 0, nothing flagged" identical_ok

cmp_make plus1 A=base B=exact-plus1 RESULTS="$CD" CSV="$C/plus1.csv"
plus1_flagged() {
    rc_is plus1 2 && grep -q "^FLAG    uk pingpong inter-as payload=64 (insns, exact): 1358 -> 1359 +1 " "$C/plus1.out" &&
        grep -q "compare. Error 1" "$C/plus1.out"
}
check "RESULTS= finds bare run ids; an exact row +1 is flagged and make fails" plus1_flagged
csv_written() {
    test "$(wc -l <"$C/plus1.csv")" -eq 6 && grep -q "^FLAG,uk pingpong inter-as payload=64,insns," "$C/plus1.csv"
}
check "CSV= writes every row's comparison" csv_written

cmp_make all A="$CD/base" B="$CD/plugin-inside" ALL=1
all_rows_printed() {
    rc_is all 0 && test "$(grep -c "^same    " "$C/all.out")" -eq 4 &&
        grep -q "^within  uk blkdev virtio-driver .* 1848 -> 1800 -48 " "$C/all.out"
}
check "ALL=1 prints every row; a plugin row inside its spread is not flagged" all_rows_printed

cmp_make kvm A="$CD/base" B="$CD/kvm"
mode_refused() {
    rc_is kvm 2 && has kvm "bench-compare: different modes: A is tcg, B is kvm (insns and cycles do not compare)"
}
check "make compare refuses another mode in one line" mode_refused

cmp_make devnull A="$CD/base" B=/dev/null
devnull_refused() {
    rc_is devnull 2 && grep -qx "bench-compare: run \"/dev/null\": not a directory" "$C/devnull.out"
}
check "make compare on /dev/null: one line naming it" devnull_refused

cmp_make empty A="$CD/base" B="$CD/../compare/no-summary"
no_summary_refused() {
    rc_is empty 2 && grep -q "^bench-compare: .*/no-summary/summary.csv: No such file or directory$" "$C/empty.out"
}
check "make compare on a run without summary.csv: one line naming the file" no_summary_refused

cmp_make noargs A="$CD/base"
missing_b_said() {
    rc_is noargs 2 && grep -q "^make compare: A= and B= are both required" "$C/noargs.out"
}
check "make compare without B= says both are required" missing_b_said
