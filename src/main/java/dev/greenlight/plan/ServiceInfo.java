package dev.greenlight.plan;

import dev.greenlight.config.Impact;
import java.util.List;

/**
 * What the diagnosis needs to know of a service: what it depends on, its other names, what it costs, and the
 * origin of its url ({@code http://host:port}, ws mapped to http; null without a url).
 */
public record ServiceInfo(String name, List<String> dependsOn, List<String> aliases, Impact impact, String origin) {

    public ServiceInfo {
        dependsOn = List.copyOf(dependsOn);
        aliases = List.copyOf(aliases);
    }
}
