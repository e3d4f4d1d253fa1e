package io.queuemgr.executor.network;

import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ports of a scan as written: {@code "20-25,80,443"}, or a list of port numbers and such texts. Read into the
 * sorted distinct ports, or the reason it cannot be.
 */
record PortSpec(TreeSet<Integer> ports, String problem) {

    static final String DEFAULT = "1-1024";
    static final String SHAPE = "must be ports and ranges such as \"20-25,80,443\", or a list of them";
    private static final Pattern PART = Pattern.compile("\\s*(\\d{1,5})\\s*(?:-\\s*(\\d{1,5})\\s*)?");

    /** Reads the spec, stopping once it holds more than {@code limit} ports (a range can hold very many). */
    static PortSpec read(JsonNode spec, int limit) {
        TreeSet<Integer> ports = new TreeSet<>();
        if (spec == null || spec.isNull()) {
            return add(DEFAULT, ports, limit);
        }
        if (spec.isTextual()) {
            return add(spec.asText(), ports, limit);
        }
        if (!spec.isArray() || spec.isEmpty()) {
            return new PortSpec(null, SHAPE);
        }
        for (JsonNode element : spec) {
            PortSpec read = element.isIntegralNumber() || element.isTextual()
                    ? add(element.asText(), ports, limit)
                    : new PortSpec(null, SHAPE);
            if (read.problem() != null) {
                return read;
            }
        }
        return new PortSpec(ports, null);
    }

    private static PortSpec add(String text, TreeSet<Integer> ports, int limit) {
        for (String part : text.split(",", -1)) {
            Matcher m = PART.matcher(part);
            if (!m.matches()) {
                return new PortSpec(null, SHAPE);
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            if (from < 1 || to > 65_535 || from > to) {
                return new PortSpec(null, "has " + part.strip() + ": ports run from 1 to 65535, low to high");
            }
            for (int port = from; port <= to; port++) {
                ports.add(port);
                if (ports.size() > limit) {
                    return new PortSpec(null, "holds more than " + limit + " ports (queuemgr.network.scan-max-ports)");
                }
            }
        }
        return new PortSpec(ports, null);
    }
}
