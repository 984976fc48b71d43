package org.ddgraph.gephi;

import java.io.File;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Interval;
import org.gephi.graph.api.TimeRepresentation;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.importer.api.Report;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.openide.util.Lookup;

/**
 * Imports one GEXF file the way Gephi's File > Open does (the file's importer, then the default processor into a
 * new workspace) and prints, as one JSON object on standard output, what Gephi made of it: node and edge counts,
 * whether the graph is dynamic with intervals, the timeline bounds, the edges holding more than one interval
 * (with their intervals as dates) and every WARNING, SEVERE or CRITICAL issue of the import report.
 *
 * <p>Usage: {@code java -cp ... org.ddgraph.gephi.ImportGexf FILE.gexf}; exits 2 when Gephi cannot import it.
 */
public final class ImportGexf {
  private ImportGexf() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ImportGexf FILE.gexf");
      System.exit(2);
    }
    ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
    projects.newProject();
    Workspace workspace = projects.getCurrentWorkspace();
    ImportController importer = Lookup.getDefault().lookup(ImportController.class);
    Container container = importer.importFile(new File(args[0]));
    if (container == null) {
      System.err.println("Gephi could not import " + args[0]);
      System.exit(2);
    }
    importer.process(container, new DefaultProcessor(), workspace);
    GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);

    StringBuilder out = new StringBuilder("{");
    out.append("\"nodes\": ").append(model.getGraph().getNodeCount());
    out.append(", \"edges\": ").append(model.getGraph().getEdgeCount());
    out.append(", \"dynamic\": ").append(model.isDynamic());
    TimeRepresentation representation = model.getConfiguration().getTimeRepresentation();
    out.append(", \"time_representation\": ").append(quote(representation.name()));
    Interval bounds = model.getTimeBounds();
    out.append(", \"time_min\": ").append(date(bounds.getLow()));
    out.append(", \"time_max\": ").append(date(bounds.getHigh()));

    List<String> multi = new ArrayList<>();
    for (Edge edge : model.getGraph().getEdges()) {
      if (representation != TimeRepresentation.INTERVAL) {
        break;
      }
      Interval[] intervals = edge.getIntervals();
      if (intervals.length > 1) {
        StringBuilder spells = new StringBuilder("[");
        for (int i = 0; i < intervals.length; i++) {
          spells.append(i == 0 ? "" : ", ").append('[').append(date(intervals[i].getLow()));
          spells.append(", ").append(date(intervals[i].getHigh())).append(']');
        }
        multi.add(quote(String.valueOf(edge.getId())) + ": " + spells.append(']'));
      }
    }
    out.append(", \"edges_with_several_intervals\": ").append(multi.size());
    out.append(", \"several_intervals\": {").append(String.join(", ", multi)).append('}');

    Report report = container.getReport();
    List<String> issues = new ArrayList<>();
    for (Issue issue : report.getIssuesList(Integer.MAX_VALUE)) {
      if (issue.getLevel().compareTo(Issue.Level.WARNING) >= 0) {
        issues.add("{\"level\": " + quote(issue.getLevel().name()) + ", \"message\": " + quote(issue.getMessage()) + "}");
      }
    }
    out.append(", \"issues\": [").append(String.join(", ", issues)).append("]}");
    System.out.println(out);
    System.exit(0); // the NetBeans platform leaves non-daemon threads behind
  }

  /** A time of the GEXF's date format (milliseconds since the epoch, UTC) as an ISO date; infinity as null. */
  private static String date(double millis) {
    if (Double.isInfinite(millis) || Double.isNaN(millis)) {
      return "null";
    }
    return quote(Instant.ofEpochMilli((long) millis).atOffset(ZoneOffset.UTC).toLocalDate().toString());
  }

  private static String quote(String text) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : (text == null ? "" : text).toCharArray()) {
      if (c == '"' || c == '\\') {
        q.append('\\').append(c);
      } else if (c < 0x20) {
        q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
