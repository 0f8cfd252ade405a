#!/usr/bin/env bash
# Validate every register of an itreg repository with a generic JSON Schema
# validator, one invocation per register schema (what a team without itreg
# would script). Usage: peer-check.sh cjs|ajv ROOT. Exit 1 if any file fails.
set -uo pipefail
tool=$1 root=$2
cd "$root" || exit 2
registers="unit:units/*.yaml staff:staff/*.yaml asset:assets/*/*.yaml inventory:inventories/*/*.yaml
software:software/*.yaml network:networks/*.yaml access:access/*.yaml database:databases/*.yaml
data-request:data-requests/*.yaml mail-account:mail/accounts/*.yaml mail-request:mail/requests/*.yaml
training:training/*.yaml"
status=0
for entry in $registers; do
  schema=${entry%%:*} glob=${entry#*:}
  case $tool in
    cjs)
      # The schemas have no $id, so the relative $ref to common.schema.json
      # resolves to the file beside them (no network); --base-uri is kept
      # for schemas of older itreg versions, which had one.
      # shellcheck disable=SC2086
      check-jsonschema --base-uri "file://$PWD/schema/$schema.schema.json" \
        --schemafile "schema/$schema.schema.json" records/$glob >/dev/null || status=1 ;;
    ajv)
      # The schemas have no $id (they resolve beside each other), but ajv
      # resolves the relative $ref only to a schema registered by that $id:
      # a copy of common.schema.json with "$id": "common.schema.json",
      # made once per data folder (the first, untimed call makes it).
      common=.ajv/common.schema.json
      [ -f "$common" ] || { mkdir -p .ajv && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["$id"]="common.schema.json"; json.dump(d,open(sys.argv[2],"w"),ensure_ascii=False)' schema/common.schema.json "$common"; }
      ajv validate --spec=draft2020 --strict=false -c ajv-formats \
        -s "schema/$schema.schema.json" -r "$common" \
        -d "records/$glob" >/dev/null 2>&1 || status=1 ;;
    *) echo "peer-check.sh: unknown tool $tool" >&2; exit 2 ;;
  esac
done
exit $status
