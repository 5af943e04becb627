#!/usr/bin/env bash
# Adds one EF Core migration to every provider's migrations assembly of a service.
# Usage: eng/add-migration.sh <Service> <MigrationName>     e.g. eng/add-migration.sh Catalog AddOwnership
set -euo pipefail
service=${1:?service name, e.g. Catalog}
name=${2:?migration name}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer PostgreSql; do
  project="src/$service/$service.Migrations.$provider"
  dotnet build "$project" -v q -nologo
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations --no-build
done
