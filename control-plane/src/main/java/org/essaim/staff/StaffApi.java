package org.essaim.staff;

import org.essaim.ldap.StaffAccount;
import org.essaim.ldap.StaffAccounts;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The staff API's entry point: who am I, as the directory knows me. */
@RestController
@RequestMapping("/api/v1/staff")
class StaffApi {

    private final StaffAccounts staffAccounts;

    StaffApi(StaffAccounts staffAccounts) {
        this.staffAccounts = staffAccounts;
    }

    @GetMapping("/me")
    ResponseEntity<StaffAccount> me(Authentication staff) {
        return ResponseEntity.of(staffAccounts.find(staff.getName()));
    }
}
