// Checks many EPUBs in one JVM with epubcheck's Java API (the same checks as `java -jar epubcheck.jar`):
// reads one file path per line on stdin; for each, prints its problems, then
// `DONE <fatals> <errors> <warnings>`. Run in source-file mode: java -cp epubcheck.jar EpubcheckBatch.java
import com.adobe.epubcheck.api.EPUBLocation;
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.api.MasterReport;
import com.adobe.epubcheck.messages.Message;
import com.adobe.epubcheck.messages.Severity;
import com.adobe.epubcheck.util.FeatureEnum;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubcheckBatch {
  static final class Collecting extends MasterReport {
    final StringBuilder lines = new StringBuilder();
    int fatals, errors, warnings;

    @Override
    public void message(Message m, EPUBLocation where, Object... args) {
      Severity s = m.getSeverity();
      if (s == Severity.FATAL) fatals++;
      else if (s == Severity.ERROR) errors++;
      else if (s == Severity.WARNING) warnings++;
      else return;
      lines.append(s).append('(').append(m.getID()).append("): ")
          .append(where == null ? "" : where.getPath() + "(" + where.getLine() + "," + where.getColumn() + "): ")
          .append(m.getMessage(args).replace('\n', ' ')).append('\n');
    }

    @Override
    public void info(String resource, FeatureEnum feature, String value) {}

    @Override
    public int generate() { return 0; }

    @Override
    public void initialize() {}
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    // epubcheck's own chatter goes to stderr; only our protocol goes to stdout.
    System.setOut(System.err);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String path; (path = in.readLine()) != null; ) {
      if (path.isEmpty()) continue;
      Collecting report = new Collecting();
      report.setEpubFileName(path);
      try {
        if (!new File(path).isFile()) throw new java.io.FileNotFoundException(path);
        new EpubCheck(new File(path), report).validate();
      } catch (Throwable t) {
        report.fatals++;
        report.lines.append("FATAL(crash): ").append(t).append('\n');
      }
      out.print(report.lines);
      out.println("DONE " + report.fatals + " " + report.errors + " " + report.warnings);
      out.flush();
    }
  }
}
