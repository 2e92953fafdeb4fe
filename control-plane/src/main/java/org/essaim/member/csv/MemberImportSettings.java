package org.essaim.member.csv;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code essaim.members.import.*}: the space admins' CSV member list. Raise spring.servlet.multipart's sizes with
 * {@code max-bytes}, so that the page, not the server, refuses a file too large.
 *
 * @param maxBytes    the largest file accepted, in bytes (2 MB)
 * @param maxRows     the most rows one file may hold
 * @param parallelism how many accounts are created in the directory at the same time
 */
@ConfigurationProperties("essaim.members.import")
public record MemberImportSettings(
        @DefaultValue("2097152") long maxBytes,
        @DefaultValue("10000") int maxRows,
        @DefaultValue("4") int parallelism) {

    public MemberImportSettings {
        InvalidSetting.atLeast("essaim.members.import.max-bytes", maxBytes, 1);
        InvalidSetting.atLeast("essaim.members.import.max-rows", maxRows, 1);
        InvalidSetting.atLeast("essaim.members.import.parallelism", parallelism, 1);
    }
}
