# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh (uses its check, count, section, csv, user_make,
# WORK, TOP, BUILD).  Claim C7's table (scripts/interface.sh, make
# interface): each count checked against a second reading of its source,
# and the errors a missing part gives.  Reads the built images only; a few
# seconds.
# shellcheck disable=SC2016 # awk programs (csv) in single quotes, as in run.sh

section "interface and trusted computing base (claim C7, scripts/interface.sh)"
I=$WORK/interface
mkdir -p "$I/out"
touch "$I/before"
bash "$TOP/scripts/interface.sh" "$BUILD" "$I/out" >"$I/1.out" 2>&1
status=$?
check "interface.sh on the suite's build exits 0" test "$status" -eq 0
[ "$status" -eq 0 ] || tail -5 "$I/1.out" | sed 's/^/#   /'
T=$I/out/interface.csv
# value COMPONENT KIND ITEM: the count of one row (empty if none).
value() {
    csv -v co="$1" -v k="$2" -v it="$3" \
        '$c["component"] == co && $c["kind"] == k && $c["item"] == it { print $c["count"] }' "$T"
}
check "interface.csv has its header and interface.txt its rows" \
    bash -c "head -n 1 '$T' | grep -qx 'component,kind,item,count,unit,source' &&
        test \"\$(wc -l <'$I/out/interface.txt')\" -eq \"\$(wc -l <'$T')\""
check "interface.sh wrote nothing into BUILD" \
    test -z "$(find "$BUILD" -newer "$I/before" -print -quit)"

# 1. The microkernel: as many calls as the dispatcher's table has entries
#    (ukernel/kernel/syscall.c), and UK_SYS_COUNT; argument words for each.
dispatched=$(grep -cE '^    \[UK_SYS_[A-Z_]+\] = ' "$TOP/ukernel/kernel/syscall.c")
declared=$(sed -n 's/^#define UK_SYS_COUNT \([0-9]*\).*/\1/p' "$TOP/ukernel/include/uk/abi.h")
check "system calls counted ($(value ukernel syscalls all)) = UK_SYS_* the kernel dispatches ($dispatched) = UK_SYS_COUNT" \
    test "$(value ukernel syscalls all)" = "$dispatched" -a "$dispatched" = "$declared"
check "argument words in and out for every system call, a message call reading the most" \
    csv '{ k = $c["kind"] } $c["component"] == "ukernel" && (k == "args_in" || k == "args_out") && $c["item"] != "all" {
            n[k]++; if (k == "args_in" && $c["count"] > max) { max = $c["count"]; who = $c["item"] } }
        END { exit !(n["args_in"] == '"$dispatched"' && n["args_out"] == '"$dispatched"' && (who == "CALL" || who == "REPLY_RECV")) }' "$T"

# 2. Xen: more than 30 hypercalls; our guest's are a strict subset, by name
#    (a second reading of the guest's sources, comments included, against
#    xen.h) and by count, and per multiplexed call it names no more
#    sub-operations than Xen offers.
check "Xen's hypercalls counted: more than 30 ($(value xen hypercalls all)), fewer than xen.h's numbers" \
    test "$(value xen hypercalls all)" -gt 30 -a "$(value xen hypercalls all)" -lt \
    "$(grep -cE '^#define __HYPERVISOR_[a-z0-9_]+[[:space:]]+[0-9]+' /usr/include/xen/xen.h)"
grep -ohE '__HYPERVISOR_[a-z0-9_]+' "$TOP"/xenside/guest/*.[chS] | sort -u >"$I/guest-names"
check "every hypercall our guest names is one of Xen's" \
    bash -c "! grep -vxFf <(sed -n 's/^#define \(__HYPERVISOR_[a-z0-9_]*\)[[:space:]].*/\1/p' /usr/include/xen/xen.h) '$I/guest-names'"
check "our guest uses a strict subset: $(value xen-guest hypercalls all) of $(value xen hypercalls all) hypercalls, $(value xen-guest operations all) of $(value xen operations all) operations" \
    test "$(value xen-guest hypercalls all)" -gt 0 -a "$(value xen-guest hypercalls all)" -lt "$(value xen hypercalls all)" \
    -a "$(value xen-guest operations all)" -lt "$(value xen operations all)"
check "per hypercall our guest names no more sub-operations than Xen offers, and at least one" \
    csv '$c["kind"] == "subops" && $c["item"] != "all" {
            if ($c["component"] == "xen") offer[$c["item"]] = $c["count"]
            else if ($c["component"] == "xen-guest") use[$c["item"]] = $c["count"] }
        END { for (h in use) if (!(h in offer) || use[h] < 1 || use[h] > offer[h]) { print h; bad = 1 }; exit bad || length(use) == 0 }' "$T"
check "the dom0 peer's library calls: one per function its binary imports from libxen*" \
    test "$(value dom0-peer lib_functions all)" -eq \
    "$(nm -D --undefined-only "$BUILD/xenside/peer/wl-dom0-server" | grep -cE ' (xenevtchn|xengnttab|xengntshr|xs|xc|xenforeignmemory|xentoollog)_')"

# 3. Sizes: every one positive; the microkernel's as its size report has it.
check "every size (bytes, lines) is positive" \
    csv '$c["unit"] == "bytes" || $c["unit"] == "lines" { n++; if ($c["count"] <= 0) bad = 1 } END { exit bad || n < 30 }' "$T"
check "the microkernel's text bytes ($(value ukernel text kernel)) = ukernel.size.json's" \
    test "$(value ukernel text kernel)" = "$(jq -r .text_bytes "$BUILD/ukernel/ukernel.size.json")"
check "the microkernel's source lines ($(value ukernel lines kernel)) = ukernel.size.json's" \
    test "$(value ukernel lines kernel)" = "$(jq -r .source_lines "$BUILD/ukernel/ukernel.size.json")"
check "a row for every module dom0 loads (modules.list, modules-blkdev.list)" \
    test "$(csv '$c["component"] == "dom0-modules" && $c["item"] != "all"' "$T" | wc -l)" -eq \
    "$(cat "$TOP"/xenside/dom0/modules*.list | sed 's/#.*//' | grep -c '[a-z]')"
check "a disk's client trusts the kernel and the driver task; a domU's I/O more code than that" \
    csv '$c["kind"] == "text" { v[$c["component"] " " $c["item"]] = $c["count"] }
        END { k = v["tcb ukernel"]; d = v["tcb ukernel-disk-io"]
              exit !(k > 0 && d == k + v["uk-servers virtioblk"] && v["tcb xen-domU-io"] > d) }' "$T"

# 4. Errors: a missing part of BUILD, or missing Xen headers, is one line.
mkdir -p "$I/partial"
ln -s "$BUILD/ukernel" "$I/partial/ukernel"
bash "$TOP/scripts/interface.sh" "$I/partial" "$I/p" >"$I/2.out" 2>&1
check "a build without the Xen side: one line naming what is missing" \
    bash -c "test $? -eq 2 && test \$(wc -l <'$I/2.out') -eq 1 && grep -q 'missing .*xenside/xen.bin' '$I/2.out' && test ! -e '$I/p/interface.csv'"
XENINC=$I/none bash "$TOP/scripts/interface.sh" "$BUILD" "$I/x" >"$I/3.out" 2>&1
check "no Xen headers: one line naming libxen-dev" \
    bash -c "test $? -eq 2 && test \$(wc -l <'$I/3.out') -eq 1 && grep -q 'libxen-dev' '$I/3.out'"

# 5. make interface: into the run's directory, and refused without a run.
mkdir -p "$I/res/run1" && ln -s run1 "$I/res/latest"
user_make interface BUILD="$BUILD" RESULTS="$I/res" >"$I/4.out" 2>&1
check "make interface writes the table into RESULTS/latest" \
    bash -c "test $? -eq 0 && cmp -s '$T' '$I/res/run1/interface.csv' && test -s '$I/res/run1/interface.txt'"
user_make interface BUILD="$BUILD" RESULTS="$I/nores" >"$I/5.out" 2>&1
check "make interface without a run fails, saying so" \
    bash -c "test $? -ne 0 && grep -q 'no run in' '$I/5.out'"
