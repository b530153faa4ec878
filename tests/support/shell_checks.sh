# Checks shared by the shell tests: each counts into pass/fail and says what failed.
# Source it: . "$src/tests/support/shell_checks.sh"
pass=0
fail=0
check() {  # check NAME EXPECTED_RC ACTUAL_RC
  if [[ $2 == "$3" ]]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1 (exit $3, expected $2)"; fi
}
expect_text() {  # expect_text NAME FILE PATTERN
  if grep -q -- "$3" "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1: no '$3' in $2"; cat "$2"; fi
}
