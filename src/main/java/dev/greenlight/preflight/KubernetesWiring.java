package dev.greenlight.preflight;

import java.util.List;
import java.util.Map;

/**
 * How Kubernetes objects point at each other: a workload's pod labels, container ports (named or not) and probe
 * ports; a Service's selector and target ports. Read by the wiring rule.
 */
public final class KubernetesWiring {

    /** A port reference as written: a number or a port name, and where. */
    public record PortRef(String value, Place place) {
        public boolean named() {
            return !value.matches("\\d+");
        }
    }

    public record Workload(String name, Map<String, String> labels, Map<String, Integer> namedPorts, List<Integer> ports,
                           List<PortRef> probePorts, Place place) {
    }

    public record ServiceObject(String name, Map<String, String> selector, List<PortRef> targetPorts, Place place) {
    }

    private KubernetesWiring() {
    }
}
