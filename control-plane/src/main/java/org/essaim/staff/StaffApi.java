package org.essaim.staff;

import org.essaim.ldap.Directory;
import org.essaim.ldap.StaffAccount;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The staff API's entry point: who am I, as the directory knows me. */
@RestController
@RequestMapping("/api/v1/staff")
class StaffApi {

    private final Directory directory;

    StaffApi(Directory directory) {
        this.directory = directory;
    }

    @GetMapping("/me")
    ResponseEntity<StaffAccount> me(Authentication staff) {
        return ResponseEntity.of(directory.findStaff(staff.getName()));
    }
}
