// Helper for scripts/neo4j-local. Compiled on demand with javac against the
// resolved Neo4j jars (.neo4j-local/lib/*) and cached in .neo4j-local/classes/.
// The password is read from the NEO4J_PASSWORD environment variable so it never
// appears on a command line (ps) or in any output.
//
//   set-initial-password <home> <confdir>
//       Same as `neo4j-admin dbms set-initial-password`: runs the real admin
//       command (org.neo4j.cli.AdminTool) which writes data/dbms/auth.ini.
//       Only effective before the system database is created (first start).
//   bolt-check <bolt-uri>
//       Connects with the Neo4j Java driver (shipped in lib/) as neo4j and runs
//       RETURN 1. Exit 0 = ok, 2 = authentication rejected, 1 = not ready/other.

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.SecurityException;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;

public final class Neo4jLocalHelper {
    public static void main(String[] args) {
        String pw = System.getenv("NEO4J_PASSWORD");
        if (pw == null || pw.isEmpty()) {
            System.err.println("neo4j-local helper: NEO4J_PASSWORD is not set");
            System.exit(1);
        }
        if (args.length == 3 && args[0].equals("set-initial-password")) {
            System.exit(setInitialPassword(Path.of(args[1]), Path.of(args[2]), pw));
        } else if (args.length == 2 && args[0].equals("bolt-check")) {
            System.exit(boltCheck(args[1], pw));
        }
        System.err.println("usage: Neo4jLocalHelper set-initial-password <home> <confdir> | bolt-check <uri>");
        System.exit(64);
    }

    private static int setInitialPassword(Path home, Path conf, String pw) {
        // Swallow the command's own chatter; report only the exit code.
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ExecutionContext ctx = new ExecutionContext(home, conf, quiet, System.err,
                new DefaultFileSystemAbstraction());
        // "--" ends the options: a password may start with "-" (picocli would take it for an option)
        return AdminTool.execute(ctx, "dbms", "set-initial-password", "--", pw);
    }

    private static int boltCheck(String uri, String pw) {
        Config config = Config.builder()
                .withoutEncryption()
                .withLogging(Logging.none())
                .withConnectionTimeout(5, TimeUnit.SECONDS)
                .withMaxConnectionPoolSize(1)
                .build();
        try (Driver driver = GraphDatabase.driver(uri, AuthTokens.basic("neo4j", pw), config);
             Session session = driver.session()) {
            int one = session.run("RETURN 1 AS one").single().get("one").asInt();
            return one == 1 ? 0 : 1;
        } catch (SecurityException e) {
            System.err.println("auth: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("bolt: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }
}
