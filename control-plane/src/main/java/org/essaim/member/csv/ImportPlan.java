package org.essaim.member.csv;

import org.essaim.ldap.SpacePerson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What importing a list would do to a space, row by row, before anything is written: the preview, and the plan the
 * run follows. A person the directory already holds is refused, unless an earlier run of an import created them
 * (then the row completes what that run may have left unfinished and takes no place). New people take places in the
 * order of the file; rows past the places left are refused as over the limit.
 */
public record ImportPlan(List<PlannedRow> rows, int placesLeft) {

    /** What happens to a row. */
    public enum Fate {
        /** A new account (the role says whether also an admin). */
        CREATE,
        /** Created by an earlier run of an import: its group membership and welcome link are completed if needed. */
        COMPLETE,
        REFUSED
    }

    /** One row's fate; {@code uid} is the existing account's for {@link Fate#COMPLETE}. */
    public record PlannedRow(
            int line, String name, String email, MemberRole role, Fate fate, RowProblem problem, String uid) {

        public String emailKey() {
            return email == null ? null : email.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param existing         everyone the space's directory holds
     * @param importedEarlier  email (lower case) to uid, for people earlier import runs recorded for this space
     * @param placesLeft       accounts the space may still add
     */
    public static ImportPlan of(
            MemberList list, List<SpacePerson> existing, Map<String, String> importedEarlier, int placesLeft) {
        Map<String, SpacePerson> byEmail = new HashMap<>();
        for (SpacePerson person : existing) {
            if (person.email() != null) {
                byEmail.put(person.email().toLowerCase(Locale.ROOT), person);
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        List<PlannedRow> rows = new ArrayList<>(list.rows().size());
        int places = Math.max(0, placesLeft);
        for (MemberList.Row row : list.rows()) {
            if (!row.valid()) {
                rows.add(refused(row, row.problem()));
                continue;
            }
            Integer firstLine = seen.putIfAbsent(row.emailKey(), row.line());
            if (firstLine != null) {
                rows.add(refused(row, RowProblem.of("email", "memberimport.row.duplicateInFile", firstLine)));
                continue;
            }
            SpacePerson person = byEmail.get(row.emailKey());
            if (person != null) {
                if (person.uid().equals(importedEarlier.get(row.emailKey()))) {
                    rows.add(new PlannedRow(
                            row.line(), row.name(), row.email(), row.role(), Fate.COMPLETE, null, person.uid()));
                } else {
                    rows.add(refused(row, RowProblem.of("email", "memberimport.row.existingAccount")));
                }
                continue;
            }
            if (places == 0) {
                rows.add(refused(row, RowProblem.of("row", "memberimport.row.overLimit", Math.max(0, placesLeft))));
                continue;
            }
            places--;
            rows.add(new PlannedRow(row.line(), row.name(), row.email(), row.role(), Fate.CREATE, null, null));
        }
        return new ImportPlan(List.copyOf(rows), Math.max(0, placesLeft));
    }

    private static PlannedRow refused(MemberList.Row row, RowProblem problem) {
        return new PlannedRow(row.line(), row.name(), row.email(), row.role(), Fate.REFUSED, problem, null);
    }

    public long count(Fate fate) {
        return rows.stream().filter(row -> row.fate() == fate).count();
    }

    /** True when every acceptable new person fits in the places left (no row refused as over the limit). */
    public boolean fits() {
        return rows.stream()
                .noneMatch(row -> row.problem() != null && row.problem().code().equals("memberimport.row.overLimit"));
    }

    /** The uids already in use, for choosing new ones. */
    static Set<String> uids(List<SpacePerson> existing) {
        Set<String> uids = new HashSet<>();
        existing.forEach(person -> uids.add(person.uid()));
        return uids;
    }
}
