package io.kakehashi.cli;

import io.kakehashi.dag.ValidationException;
import io.kakehashi.workflow.Campaign;
import io.kakehashi.workflow.Workflow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Finds a campaign by what the user typed: a {@code .java} file (compiled in memory against the
 * distribution's class path, so a scientist needs no build), a class name, or the name a bundled
 * campaign registers under.
 */
final class CampaignLoader {
  private CampaignLoader() {}

  /**
   * The campaign's workflow for {@code parameters}. A campaign rejects a bad parameter with an
   * {@code IllegalArgumentException} naming it: that is the user's input, not an internal error.
   */
  static Workflow define(String spec, Map<String, String> parameters) {
    return define(load(spec), spec, parameters);
  }

  /** As {@link #define(String, Map)} for a campaign already loaded from {@code spec}. */
  static Workflow define(Campaign c, String spec, Map<String, String> parameters) {
    try {
      return c.define(parameters);
    } catch (ValidationException e) {
      throw e; // names the steps already
    } catch (IllegalArgumentException e) {
      throw new CliException("campaign '" + spec + "': " + e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      // A bug in the campaign's own code is still the user's to fix: where, and what, in one line.
      StackTraceElement at = null;
      for (StackTraceElement f : e.getStackTrace()) {
        if (f.getClassName().equals(c.getClass().getName()) || f.getClassName().startsWith(c.getClass().getName() + "$")) {
          at = f;
          break;
        }
      }
      throw new CliException("campaign '" + spec + "' failed while defining its workflow: " + e
          + (at == null ? "" : " at " + at));
    }
  }

  static Campaign load(String spec) {
    if (spec.endsWith(".java")) return compile(Path.of(spec));
    for (Campaign c : ServiceLoader.load(Campaign.class)) {
      if (c.campaignName().equals(spec)) return c;
    }
    try {
      return instantiate(Class.forName(spec));
    } catch (ClassNotFoundException e) {
      List<String> known = new ArrayList<>();
      for (Campaign c : ServiceLoader.load(Campaign.class)) {
        known.add(c.campaignName());
      }
      throw new CliException("no campaign '" + spec + "': give a .java file, a class name, or one of " + known);
    }
  }

  static Campaign instantiate(Class<?> c) {
    if (!Campaign.class.isAssignableFrom(c)) {
      throw new CliException("class " + c.getName() + " does not implement " + Campaign.class.getName());
    }
    try {
      return (Campaign) c.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new CliException("cannot create campaign " + c.getName() + " (it needs a public no-argument constructor): " + e);
    }
  }

  static Campaign compile(Path file) {
    if (!Files.isReadable(file)) throw new CliException("campaign file " + file + " does not exist or is not readable");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) throw new CliException("this Java runtime has no compiler: install a JDK (openjdk-17-jdk-headless)");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager std = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null);
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    try (var fm = new ForwardingJavaFileManager<>(std) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                 FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            return classes.computeIfAbsent(className, k -> new ByteArrayOutputStream());
          }
        };
      }
    }) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none",
          "--release", "17", "-parameters");
      Iterable<? extends JavaFileObject> units = std.getJavaFileObjects(file.toFile());
      boolean ok = compiler.getTask(null, fm, diagnostics, options, null, units).call();
      if (!ok) {
        StringBuilder sb = new StringBuilder("campaign " + file + " does not compile:");
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          if (d.getKind() != Diagnostic.Kind.ERROR) continue;
          sb.append("\n  ").append(file).append(':').append(d.getLineNumber()).append(':').append(d.getColumnNumber())
              .append(": ").append(d.getMessage(Locale.ROOT));
        }
        throw new CliException(sb.toString());
      }
    } catch (IOException e) {
      throw new CliException("compiling " + file + ": " + e.getMessage());
    }
    Map<String, byte[]> bytes = new HashMap<>();
    classes.forEach((k, v) -> bytes.put(k, v.toByteArray()));
    ClassLoader loader = new MemoryClassLoader(bytes, CampaignLoader.class.getClassLoader());
    List<Class<?>> campaigns = new ArrayList<>();
    for (String name : bytes.keySet()) {
      try {
        Class<?> c = loader.loadClass(name);
        if (Campaign.class.isAssignableFrom(c) && !c.isInterface()
            && Modifier.isPublic(c.getModifiers())) {
          campaigns.add(c);
        }
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    if (campaigns.size() != 1) {
      throw new CliException("campaign file " + file + " must hold exactly one public class implementing "
          + Campaign.class.getSimpleName() + "; found " + campaigns.stream().map(Class::getName).toList());
    }
    return instantiate(campaigns.get(0));
  }

  /** Serves compiled classes, and their bytes as resources so that step code digests work. */
  private static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] b = classes.get(name);
      if (b == null) throw new ClassNotFoundException(name);
      return defineClass(name, b, 0, b.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      if (name.endsWith(".class")) {
        byte[] b = classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
        if (b != null) return new ByteArrayInputStream(b);
      }
      return super.getResourceAsStream(name);
    }
  }
}
