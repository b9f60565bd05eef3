package io.jocker.runtime.spec;

import io.jocker.common.error.EngineException;
import io.jocker.linux.fs.ErrnoException;
import io.jocker.linux.fs.InRootResolver;
import io.jocker.runtime.spec.ContainerSpecInput.ResolvedUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Docker's {@code --user} ({@code name}, {@code uid}, either with {@code :group} or
 * {@code :gid}) into IDs, home and supplementary groups from the image's /etc/passwd and
 * /etc/group, read inside the container's root so a symlinked /etc cannot point the daemon at the
 * host's files. The rules are runc's (libcontainer user.GetExecUser), which dockerd uses: a name
 * must exist; a number need not (then gid 0, home "/"); supplementary groups are the groups that
 * list the user as a member, and only when no group was given. A missing file counts as empty, as
 * in a {@code FROM scratch} image. Stateless.
 */
public final class UserResolver {
    private UserResolver() {}

    private record PasswdEntry(String name, long uid, long gid, String home) {}

    private record GroupEntry(String name, long gid, List<String> members) {}

    public static ResolvedUser resolve(Path rootfs, String user) {
        String spec = user == null ? "" : user.strip();
        String userPart = spec;
        String groupPart = "";
        int colon = spec.indexOf(':');
        if (colon >= 0) {
            userPart = spec.substring(0, colon);
            groupPart = spec.substring(colon + 1);
        }
        List<PasswdEntry> passwd = parsePasswd(read(rootfs, "/etc/passwd"));
        Long uidArg = number(userPart);
        String matchedName = null;
        long uid = 0;
        long gid = 0;
        String home = "/";
        PasswdEntry entry = null;
        for (PasswdEntry e : passwd) {
            boolean matches = userPart.isEmpty() ? e.uid() == 0
                    : uidArg == null ? e.name().equals(userPart) : e.uid() == uidArg;
            if (matches) {
                entry = e;
                break;
            }
        }
        if (entry != null) {
            matchedName = entry.name();
            uid = entry.uid();
            gid = entry.gid();
            home = entry.home();
        } else if (uidArg != null) {
            uid = uidArg;
        } else if (!userPart.isEmpty()) {
            throw EngineException.invalidArgument(
                    "unable to find user " + userPart + ": no matching entries in passwd file");
        }
        List<Long> additional = new ArrayList<>();
        if (!groupPart.isEmpty()) {
            String groupName = groupPart;
            Long gidArg = number(groupName);
            List<GroupEntry> groups = parseGroup(read(rootfs, "/etc/group"));
            GroupEntry group = groups.stream()
                    .filter(g -> gidArg == null ? g.name().equals(groupName) : g.gid() == gidArg)
                    .findFirst().orElse(null);
            if (group != null) {
                gid = group.gid();
            } else if (gidArg != null) {
                gid = gidArg;
            } else {
                throw EngineException.invalidArgument(
                        "unable to find group " + groupPart + ": no matching entries in group file");
            }
        } else if (matchedName != null) {
            for (GroupEntry g : parseGroup(read(rootfs, "/etc/group"))) {
                if (g.members().contains(matchedName) && !additional.contains(g.gid())) {
                    additional.add(g.gid());
                }
            }
        }
        return new ResolvedUser(uid, gid, additional, home.isEmpty() ? "/" : home);
    }

    private static Long number(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null; // beyond a long: treated as a name, which then is not found
        }
    }

    private static List<String> read(Path rootfs, String path) {
        try {
            Path file = InRootResolver.resolve(rootfs, path, true, null);
            if (!Files.isRegularFile(file)) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (ErrnoException e) {
            return List.of(); // no /etc/passwd (or a dangling link): no entries
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path + " in the container's root", e);
        }
    }

    /** name:password:uid:gid:gecos:home:shell; malformed lines are skipped, as runc does. */
    private static List<PasswdEntry> parsePasswd(List<String> lines) {
        List<PasswdEntry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.strip().split(":", -1);
            if (line.isBlank() || line.startsWith("#") || f.length < 4) {
                continue;
            }
            Long uid = number(f[2]);
            Long gid = number(f[3]);
            if (uid != null && gid != null) {
                entries.add(new PasswdEntry(f[0], uid, gid, f.length > 5 ? f[5] : ""));
            }
        }
        return entries;
    }

    /** name:password:gid:member,member. */
    private static List<GroupEntry> parseGroup(List<String> lines) {
        List<GroupEntry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.strip().split(":", -1);
            if (line.isBlank() || line.startsWith("#") || f.length < 3) {
                continue;
            }
            Long gid = number(f[2]);
            if (gid != null) {
                List<String> members = f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
                entries.add(new GroupEntry(f[0], gid, members));
            }
        }
        return entries;
    }
}
