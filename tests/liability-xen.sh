# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh (uses its check, section, WORK, TOP, BUILD).
# Claim C6 on Xen (scripts/liability-xen.sh): one Xen boot (~2 min under
# tcg) on a scratch run directory, its ten rows checked; and the refusals
# that need no boot.
# shellcheck disable=SC2016 # awk programs in single quotes, as in run.sh

section "liability inversion on Xen (claim C6, scripts/liability-xen.sh)"
L=$WORK/liability-xen
mkdir -p "$L/run" "$L/kvm"
echo '{"mode":"tcg","unit":"insns"}' >"$L/run/meta.json"
echo '{"mode":"kvm","unit":"cycles"}' >"$L/kvm/meta.json"

bash "$TOP/scripts/liability-xen.sh" "$BUILD" "$L/kvm" >"$L/kvm.out" 2>"$L/kvm.err"
status=$?
check "liability-xen.sh refuses a kvm run (its boot is tcg only), with a reason and no row" \
    bash -c "test $status -eq 2 && test ! -s '$L/kvm.out' && grep -q 'tcg only' '$L/kvm.err'"
bash "$TOP/scripts/liability-xen.sh" "$BUILD" "$L/none" >/dev/null 2>"$L/none.err"
status=$?
check "liability-xen.sh refuses a missing run directory" \
    bash -c "test $status -eq 2 && grep -q 'no run directory' '$L/none.err'"

bash "$TOP/scripts/liability-xen.sh" "$BUILD" "$L/run" >"$L/rows.csv" 2>"$L/run.err"
status=$?
check "liability-xen.sh on a tcg run exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -3 "$L/run.err" | sed 's/^/#   /'
LXR=$L/rows.csv # (not R: run.sh's results directory)
# One row per failure and measure, seven fields, system xen, the unit of
# the run (count for bystander_ok), an outcome without commas.
check "ten rows: blkback stall and dom0-peer death, five measures each, seven fields" \
    awk -F, 'NF != 7 || $1 != "xen" || $7 == "" { bad = 1 } { k[$2 "," $3 "," $4]++; n++ }
        END { split("detect recover bystander_before bystander_during bystander_ok", m, " ")
              for (i = 1; i <= 5; i++) if (k["blkback,stall," m[i]] != 1 || k["dom0-peer,death," m[i]] != 1) bad = 1
              exit bad || n != 10 }' "$LXR"
check "units: insns (the run's), count for bystander_ok" \
    awk -F, '$6 != ($4 == "bystander_ok" ? "count" : "insns") { bad = 1 } END { exit bad || NR != 10 }' "$LXR"
check "every value is a positive integer (both failures detected and recovered)" \
    awk -F, '$5 !~ /^[1-9][0-9]*$/ { bad = 1 } END { exit bad || NR != 10 }' "$LXR"
check "detect: blkfront's and the client's own 1 s bound (10^9 insns under icount), not much more" \
    awk -F, '$4 == "detect" { n++; if ($5 < 1000000000 || $5 > 1100000000) bad = 1 } END { exit bad || n != 2 }' "$LXR"
check "blkback's stall: a bounded error -110; the peer's death: only our own timeout tells" \
    bash -c "grep -qx 'xen,blkback,stall,detect,[0-9]*,insns,error -110 (ETIMEDOUT)' '$LXR' &&
        grep -qx 'xen,dom0-peer,death,detect,[0-9]*,insns,own timeout -110 then port found unbound' '$LXR'"
check "the bystander domain completed every round trip during both failures" \
    awk -F, '$4 == "bystander_ok" { n++; if ($5 != 1) bad = 1 } END { exit bad || n != 2 }' "$LXR"
check "the bystander's median round trip during each failure is within 10 % of before it" \
    awk -F, '$4 == "bystander_before" { b[$2] = $5 } $4 == "bystander_during" { d[$2] = $5 }
        function near(x, y) { return x > 0 && y > 0 && (x - y) * 10 <= y && (y - x) * 10 <= y }
        END { exit !(near(d["blkback"], b["blkback"]) && near(d["dom0-peer"], b["dom0-peer"])) }' "$LXR"
