package dev.mesh.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No two packages of mesh depend on each other, directly or round about: each feature can be read, and changed,
 * from its own package down. The dependencies are the JDK's jdeps over every module's compiled classes (this
 * module is built last, so all of them are there).
 */
class PackageCyclesTest {
  private static final List<String> MODULES = List.of("protocol", "handoff", "node", "bench");

  @Test
  void noPackageOfMeshDependsOnItselfThroughOthers() {
    Map<String, Set<String>> deps = packageDependencies();
    assertThat(deps).as("jdeps found mesh's packages").containsKeys("dev.mesh.node.dispatch", "dev.mesh.protocol.task");
    assertThat(cycles(deps)).as("package cycles (each a set of packages that depend on each other)").isEmpty();
  }

  @Test
  void theCycleFinderFindsACycle() {
    Map<String, Set<String>> deps = new TreeMap<>();
    deps.put("a", Set.of("b"));
    deps.put("b", Set.of("c"));
    deps.put("c", Set.of("a"));
    deps.put("d", Set.of("a"));
    assertThat(cycles(deps)).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
  }

  private static Map<String, Set<String>> packageDependencies() {
    List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none", "-e", "dev\\.mesh\\..*"));
    List<String> dirs = new ArrayList<>();
    for (String module : MODULES) {
      Path classes = Path.of("..", module, "target", "classes");
      assertThat(Files.isDirectory(classes)).as("%s is compiled", classes.toAbsolutePath()).isTrue();
      dirs.add(classes.toString());
    }
    args.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, dirs)));
    args.addAll(dirs);
    StringWriter out = new StringWriter();
    int rc = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(out),
        args.toArray(String[]::new));
    assertThat(rc).as(out.toString()).isZero();
    Map<String, Set<String>> deps = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      String[] f = line.trim().split("\\s+");
      // "   dev.mesh.a   -> dev.mesh.b   classes": a package and one it depends on
      if (f.length >= 3 && f[0].startsWith("dev.mesh.") && f[1].equals("->") && f[2].startsWith("dev.mesh.")
          && !f[0].equals(f[2])) {
        deps.computeIfAbsent(f[0], k -> new TreeSet<>()).add(f[2]);
      }
    }
    return deps;
  }

  /** Tarjan's strongly connected components with more than one package. */
  static List<Set<String>> cycles(Map<String, Set<String>> deps) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<Set<String>> found = new ArrayList<>();
    Set<String> all = new TreeSet<>(deps.keySet());
    deps.values().forEach(all::addAll);
    for (String v : all) {
      if (!index.containsKey(v)) {
        visit(v, deps, index, low, stack, onStack, found);
      }
    }
    return found;
  }

  private static void visit(String v, Map<String, Set<String>> deps, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : deps.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        visit(w, deps, index, low, stack, onStack, found);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        found.add(component);
      }
    }
  }
}
