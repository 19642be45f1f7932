// Driver for `npm run bench:anonymize`: runs ARX (built from its public repository, located by the
// ARX_JAR environment variable, never part of Wuming) on the same files and settings as the
// Wuming runs, so both whole processes can be timed side by side on one machine.
// Usage: java -cp ARX_JAR:bench/arx ArxBench DATA DELIM HIERARCHY_DIR QI1,QI2,.. K SUPPRESSION_PERCENT OUT
// A hierarchy for column C is read from HIERARCHY_DIR/C.csv or HIERARCHY_DIR/*_hierarchy_C.csv (';').
import java.io.File;
import java.nio.charset.StandardCharsets;
import org.deidentifier.arx.ARXAnonymizer;
import org.deidentifier.arx.ARXConfiguration;
import org.deidentifier.arx.ARXResult;
import org.deidentifier.arx.AttributeType;
import org.deidentifier.arx.Data;
import org.deidentifier.arx.DataHandle;
import org.deidentifier.arx.criteria.KAnonymity;
import org.deidentifier.arx.metric.Metric;

public class ArxBench {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        File data = new File(args[0]);
        char delim = args[1].charAt(0);
        File hdir = new File(args[2]);
        String[] qis = args[3].split(",");
        int k = Integer.parseInt(args[4]);
        double suppression = Double.parseDouble(args[5]) / 100.0;
        File out = new File(args[6]);

        Data d = Data.create(data, StandardCharsets.UTF_8, delim);
        DataHandle in = d.getHandle();
        java.util.Set<String> qiSet = new java.util.HashSet<>(java.util.Arrays.asList(qis));
        for (int c = 0; c < in.getNumColumns(); c++) {
            String name = in.getAttributeName(c);
            if (!qiSet.contains(name)) d.getDefinition().setAttributeType(name, AttributeType.INSENSITIVE_ATTRIBUTE);
        }
        for (String q : qis) {
            File h = new File(hdir, q + ".csv");
            if (!h.exists()) {
                File[] m = hdir.listFiles((dir, n) -> n.endsWith("_hierarchy_" + q + ".csv"));
                if (m == null || m.length != 1) throw new IllegalArgumentException("no hierarchy for " + q);
                h = m[0];
            }
            d.getDefinition().setAttributeType(q, AttributeType.Hierarchy.create(h, StandardCharsets.UTF_8, ';'));
        }
        long tRead = System.nanoTime();

        ARXConfiguration config = ARXConfiguration.create();
        config.addPrivacyModel(new KAnonymity(k));
        config.setSuppressionLimit(suppression);
        config.setQualityModel(Metric.createLossMetric());
        ARXAnonymizer anonymizer = new ARXAnonymizer();
        ARXResult result = anonymizer.anonymize(d, config);
        long tSearch = System.nanoTime();

        DataHandle output = result.getOutput();
        int[] levels = result.getGlobalOptimum().getTransformation();
        int suppressed = output.getStatistics().getEquivalenceClassStatistics().getNumberOfSuppressedRecords();
        output.save(out, ',');
        long tWrite = System.nanoTime();

        StringBuilder t = new StringBuilder("[");
        for (int i = 0; i < levels.length; i++) t.append(i > 0 ? "," : "").append(levels[i]);
        t.append("]");
        // Levels are in ARX's attribute order (the input's column order), printed with the names.
        StringBuilder names = new StringBuilder("[");
        int i = 0;
        for (String q : result.getGlobalOptimum().getQuasiIdentifyingAttributes()) names.append(i++ > 0 ? "," : "").append('"').append(q).append('"');
        names.append("]");
        System.out.println("{\"transformation\":" + t + ",\"attributes\":" + names + ",\"suppressed\":" + suppressed
            + ",\"readSeconds\":" + (tRead - t0) / 1e9 + ",\"searchSeconds\":" + (tSearch - tRead) / 1e9
            + ",\"writeSeconds\":" + (tWrite - tSearch) / 1e9 + "}");
    }
}
