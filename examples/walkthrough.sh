#!/usr/bin/env bash
# One complaint from `klacht nieuw` to `klacht afhandelen`, on a fresh register.
# Run it from anywhere: it works in a temporary folder. tests/test_examples.py runs this script.
set -euo pipefail

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
export KLACHT_DB="$workdir/klachten.db"
export KLACHT_MEDEWERKER="Sanne (klachtenteam)"
# Pin 'today' so the dates below stay valid whenever this runs.
export KLACHT_VANDAAG=2026-06-30

klacht init
klacht partner toevoegen zorgthuis --naam "Zorg Thuis Amsterdam" \
  --klachten-telefoon 020-1234567 --klachten-email klachten@zorgthuis.example \
  --functionaris-naam "Els Kok"

# A complex complaint by phone on Friday 24 April 2026: the gemeente keeps it (G5).
# Contact is due Monday 4 May (Koningsdag skipped), handling Friday 5 June.
klacht nieuw --no-input --ontvangen 2026-04-24 --kanaal telefoon \
  --klager "Anna de Vries" --klager-telefoon 06-12345678 \
  --partner zorgthuis --categorie levering --voorziening "huishoudelijke hulp" \
  --omschrijving "De hulp komt al drie weken niet; niemand belt terug." --complex

klacht bevestigen K-2026-0001 --datum 2026-04-28
klacht contact K-2026-0001 --datum 2026-04-29 --notitie "Klager gebeld; planning besproken."
klacht horen K-2026-0001 --datum 2026-05-12 --verslag "Hoorgesprek met klager en zorgthuis."
klacht verdagen K-2026-0001 --weken 2 --reden "Wachten op planningsgegevens van zorgthuis" \
  --datum 2026-06-01
klacht uitleg K-2026-0001
klacht afhandelen K-2026-0001 --datum 2026-06-15 --oordeel gegrond \
  --maatregel "Vaste hulp ingezet; planning wekelijks gecontroleerd" --tevreden ja
klacht toon K-2026-0001
