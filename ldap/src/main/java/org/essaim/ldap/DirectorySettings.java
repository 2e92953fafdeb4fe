package org.essaim.ldap;

import java.net.URI;

/** How to reach a directory and who to bind as. The password is never part of {@link #toString()}. */
public record DirectorySettings(String url, String baseDn, String bindDn, String bindPassword) {

    public DirectorySettings {
        URI uri = URI.create(url);
        if (!"ldap".equals(uri.getScheme()) && !"ldaps".equals(uri.getScheme())) {
            throw new IllegalArgumentException("Directory URL must start with ldap:// or ldaps://, got " + url);
        }
    }

    public String host() {
        return URI.create(url).getHost();
    }

    public int port() {
        URI uri = URI.create(url);
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return secure() ? 636 : 389;
    }

    public boolean secure() {
        return "ldaps".equals(URI.create(url).getScheme());
    }

    @Override
    public String toString() {
        return "DirectorySettings[url=" + url + ", baseDn=" + baseDn + ", bindDn=" + bindDn + "]";
    }
}
