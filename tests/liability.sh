# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh (uses its check, csv, section, user_make, WORK,
# TOP, BUILD).  Claim C6's table on the microkernel (scripts/liability.sh,
# make liability; ukernel/user/root/liability.h): `make liability
# SYSTEMS=uk` on a scratch results directory with a hand-made meta.json,
# the rows it must hold, a broken scenario (root never restarts the
# server) that must fail and leave the table alone, and bad input.  Two
# microkernel boots, about ten seconds.
# shellcheck shell=bash disable=SC2016 # awk programs (csv) in single quotes, as in run.sh

section "liability inversion (claim C6, scripts/liability.sh)"
L=$WORK/liability
mkdir -p "$L/res/r1" "$L/bare"
echo '{"mode":"tcg","unit":"insns"}' >"$L/res/r1/meta.json"
ln -s r1 "$L/res/latest"
user_make liability RESULTS="$L/res" BUILD="$BUILD" SYSTEMS=uk >"$L/make.out" 2>&1
status=$?
check "make liability SYSTEMS=uk on a run directory exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -5 "$L/make.out" | sed 's/^/#   /'
T=$L/res/r1/liability.csv
check "liability.csv starts with its header" \
    bash -c "head -n 1 '$T' | grep -qx 'system,server,failure,measure,value,unit,outcome'"
check "every server (virtioblk, ramdisk) and failure (stall, death) has its five measures, 20 uk rows" \
    csv '$c["system"] == "uk" { n[$c["server"] "/" $c["failure"] "/" $c["measure"]]++; rows++ }
        END { for (s in n) if (n[s] != 1) exit 1
              split("virtioblk ramdisk", sv, " "); split("stall death", fv, " ")
              split("detect recover bystander_before bystander_during bystander_ok", mv, " ")
              for (i in sv) for (j in fv) for (k in mv) if (!n[sv[i] "/" fv[j] "/" mv[k]]) exit 1
              exit rows != 20 }' "$T"
check "detect and recover are positive whole numbers in the run's unit (insns)" \
    csv '$c["measure"] ~ /^(detect|recover)$/ { n++; if ($c["value"] !~ /^[1-9][0-9]*$/ || $c["unit"] != "insns") bad = 1 }
        END { exit bad || n != 8 }' "$T"
check "the stalled call ends with UK_ETIMEOUT, the call pending at the death with UK_EABORT, sooner" \
    csv '$c["measure"] == "detect" { d[$c["server"] "/" $c["failure"]] = $c["value"]
            if ($c["outcome"] != ($c["failure"] == "stall" ? "error UK_ETIMEOUT" : "error UK_EABORT (from the death)")) bad = 1 }
        END { exit bad || !(d["ramdisk/stall"] > d["ramdisk/death"] && d["virtioblk/stall"] > d["virtioblk/death"]) }' "$T"
check "the client is served again after the death: recover exceeds the death's detect" \
    csv '{ v[$c["server"] "/" $c["failure"] "/" $c["measure"]] = $c["value"] }
        END { for (s in v) if (s ~ /death\/recover$/) { p = s; sub(/recover$/, "detect", p); if (v[s] <= v[p]) exit 1; n++ } exit n != 2 }' "$T"
check "the bystander completed every round trip, with positive medians before and during" \
    csv '$c["measure"] == "bystander_ok" { k++; if ($c["value"] != 1 || $c["unit"] != "count") bad = 1 }
        $c["measure"] ~ /^bystander_(before|during)$/ { m++; if ($c["value"] !~ /^[1-9][0-9]*$/) bad = 1 }
        END { exit bad || !(k == 4 && m == 8) }' "$T"
check "the console is kept in the run directory and no temporary file is left" \
    bash -c "grep -qx '# liability: ok' '$L/res/r1/console-uk-liability.log' && test -z \"\$(ls -A '$L/res/r1' | grep '^\\.liability')\""

# A broken scenario: root leaves the dead server dead (restart=0).
cp "$T" "$L/before.csv"
LIABILITY_SYSTEMS=uk LIABILITY_WORDS="servers=ramdisk restart=0" \
    bash "$TOP/scripts/liability.sh" "$BUILD" "$L/res/r1" >"$L/broken.out" 2>&1
status=$?
check "a scenario where root never restarts the server fails (exit 1) and says why" \
    bash -c "test $status -eq 1 && grep -q 'FAILED: uk: liability: ramdisk: the client was never served again after the death.*restart=0' '$L/broken.out'"
check "and leaves liability.csv as it was" cmp "$T" "$L/before.csv"

# Bad input: one-line errors, exit 2.
bash "$TOP/scripts/liability.sh" "$BUILD" "$L/bare" >"$L/bare.out" 2>&1
status=$?
check "a directory without meta.json is refused (exit 2)" \
    bash -c "test $status -eq 2 && grep -q 'is not a run directory (no meta.json)' '$L/bare.out'"
echo '{"mode":"kvm","unit":"insns"}' >"$L/bare/meta.json"
bash "$TOP/scripts/liability.sh" "$BUILD" "$L/bare" >"$L/mode.out" 2>&1
status=$?
check "a meta.json whose mode and unit disagree is refused (exit 2)" \
    bash -c "test $status -eq 2 && grep -q 'must be tcg/insns or kvm/cycles' '$L/mode.out'"
LIABILITY_SYSTEMS=uk bash "$TOP/scripts/liability.sh" "$L" "$L/res/r1" >"$L/noimage.out" 2>&1
status=$?
check "a build without the microkernel's image is refused (exit 2)" \
    bash -c "test $status -eq 2 && grep -q 'no microkernel image' '$L/noimage.out'"

# One system measured again (SYSTEMS=uk) keeps the other's rows of the
# run's earlier table: two made-up xen rows survive, uk's are replaced.
mkdir -p "$L/res/r2" && cp "$L/res/r1/meta.json" "$L/res/r2/"
{ head -n 1 "$T"; echo "xen,blkback,stall,detect,5,insns,made up"; echo "xen,blkback,stall,bystander_ok,1,count,made up"
  echo "uk,ramdisk,stall,detect,7,insns,stale"; } >"$L/res/r2/liability.csv"
LIABILITY_SYSTEMS=uk LIABILITY_WORDS="servers=ramdisk" \
    bash "$TOP/scripts/liability.sh" "$BUILD" "$L/res/r2" >"$L/keep.out" 2>&1
status=$?
check "a run for uk alone keeps xen's earlier rows and replaces uk's (and says so)" \
    bash -c "test $status -eq 0 && grep -q 'kept the earlier rows of: xen' '$L/keep.out' &&
        test \$(grep -c '^xen,blkback,stall,.*,made up\$' '$L/res/r2/liability.csv') -eq 2 &&
        ! grep -q ',stale\$' '$L/res/r2/liability.csv' && test \$(grep -c '^uk,ramdisk,' '$L/res/r2/liability.csv') -eq 10"
