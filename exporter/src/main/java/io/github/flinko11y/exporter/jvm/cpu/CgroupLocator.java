package io.github.flinko11y.exporter.jvm.cpu;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the process's cgroup CPU files as the JDK 17 does when it starts: cgroup v1 or v2 from
 * /proc/cgroups, the mounts from /proc/self/mountinfo, the process's cgroup from /proc/self/cgroup.
 * Read once: a process's cgroup does not change while it runs.
 */
final class CgroupLocator {

    /** The controllers the JDK looks at to tell v1 from v2. */
    private static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "cpuset", "memory", "blkio", "pids");

    private final Path root;

    /** {@code root}: "/" on a live system; a directory laid out like one in tests. */
    CgroupLocator(Path root) {
        this.root = root;
    }

    /** The process's CPU files; null when there are no cgroups (or v1 and v2 controllers are mixed). */
    CgroupCpu locate() {
        String cgroups = KernelFiles.read(root.resolve("proc/cgroups"));
        String mountinfo = KernelFiles.read(root.resolve("proc/self/mountinfo"));
        String self = KernelFiles.read(root.resolve("proc/self/cgroup"));
        if (cgroups == null || mountinfo == null || self == null) {
            return null;
        }
        boolean v1 = false;
        boolean v2 = false;
        for (String line : cgroups.split("\n")) {
            String[] fields = KernelFiles.WHITESPACE.split(line.trim());
            if (line.startsWith("#") || fields.length < 4 || !CONTROLLERS.contains(fields[0])
                    || !fields[3].equals("1")) {
                continue;
            }
            if (fields[1].equals("0")) {
                v2 = true;
            } else {
                v1 = true;
            }
        }
        if (v1 == v2) {
            return null; // nothing enabled, or mixed: the JDK reports no container then
        }
        return v2 ? v2(mountinfo, self) : v1(mountinfo, self);
    }

    private CgroupCpu v2(String mountinfo, String self) {
        String mountPoint = null;
        for (String line : mountinfo.split("\n")) {
            Mount mount = Mount.parse(line);
            if (mount != null && mount.type.equals("cgroup2")) {
                mountPoint = mount.point;
                break;
            }
        }
        String path = null;
        for (String line : self.split("\n")) {
            if (line.startsWith("0::")) {
                path = line.substring(3);
            }
        }
        if (mountPoint == null || path == null) {
            return null;
        }
        return new CgroupV2Cpu(onRoot(mountPoint + (path.equals("/") ? "" : path)));
    }

    private CgroupCpu v1(String mountinfo, String self) {
        Map<String, Mount> mounts = new HashMap<>();
        for (String line : mountinfo.split("\n")) {
            Mount mount = Mount.parse(line);
            if (mount != null && mount.type.equals("cgroup")) {
                for (String option : mount.superOptions.split(",")) {
                    mounts.putIfAbsent(option, mount);
                }
            }
        }
        Map<String, String> paths = new HashMap<>();
        for (String line : self.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length == 3) {
                for (String controller : fields[1].split(",")) {
                    paths.putIfAbsent(controller, fields[2]);
                }
            }
        }
        return new CgroupV1Cpu(directory(mounts.get("cpu"), paths.get("cpu")),
                directory(mounts.get("cpuacct"), paths.get("cpuacct")),
                directory(mounts.get("cpuset"), paths.get("cpuset")));
    }

    /** The JDK's mapping of a v1 controller's mount and the process's cgroup path to a directory. */
    private Path directory(Mount mount, String cgroupPath) {
        if (mount == null || cgroupPath == null) {
            return null;
        }
        if (mount.root.equals("/")) {
            return onRoot(cgroupPath.equals("/") ? mount.point : mount.point + cgroupPath);
        }
        if (mount.root.equals(cgroupPath)) {
            return onRoot(mount.point);
        }
        if (cgroupPath.startsWith(mount.root) && cgroupPath.length() > mount.root.length()) {
            return onRoot(mount.point + cgroupPath.substring(mount.root.length()));
        }
        return null;
    }

    private Path onRoot(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** One line of /proc/self/mountinfo. */
    private static final class Mount {
        final String root;
        final String point;
        final String type;
        final String superOptions;

        private Mount(String root, String point, String type, String superOptions) {
            this.root = root;
            this.point = point;
            this.type = type;
            this.superOptions = superOptions;
        }

        /** "id parent major:minor root point options [optional...] - type source superOptions" */
        static Mount parse(String line) {
            int separator = line.indexOf(" - ");
            if (separator < 0) {
                return null;
            }
            String[] before = line.substring(0, separator).split(" ");
            String[] after = line.substring(separator + 3).split(" ");
            if (before.length < 5 || after.length < 3) {
                return null;
            }
            return new Mount(unescape(before[3]), unescape(before[4]), after[0], after[2]);
        }

        /** The kernel writes a space in a path as \040 (and tab, newline, backslash likewise). */
        private static String unescape(String field) {
            if (field.indexOf('\\') < 0) {
                return field;
            }
            StringBuilder out = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c == '\\' && i + 4 <= field.length()) {
                    try {
                        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                        i += 3;
                        continue;
                    } catch (NumberFormatException e) {
                        // not an escape
                    }
                }
                out.append(c);
            }
            return out.toString();
        }
    }
}
