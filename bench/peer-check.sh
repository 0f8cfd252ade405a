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
      # common.schema.json is registered by its $id, so the relative $ref resolves.
      ajv validate --spec=draft2020 --strict=false -c ajv-formats \
        -s "schema/$schema.schema.json" -r schema/common.schema.json \
        -d "records/$glob" >/dev/null 2>&1 || status=1 ;;
    *) echo "peer-check.sh: unknown tool $tool" >&2; exit 2 ;;
  esac
done
exit $status
