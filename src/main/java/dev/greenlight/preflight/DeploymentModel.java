package dev.greenlight.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the repository's files say about each service: ports and where each is stated, binds, the variables
 * its manifests provide, the platforms it goes to. Rules read only this.
 */
public final class DeploymentModel {

    /**
     * One service's facts, gathered from every file that speaks of it.
     *
     * @param healthPaths the paths its manifests probe (a Kubernetes httpGet, a Dockerfile or compose health check)
     * @param routes      the paths its code serves ({@code @app.get("/health")}, {@code router.get('/ready', ...)})
     * @param mounts      where its code serves routes under a prefix or a framework serves its own (a router mounted
     *                    at {@code /api}, Spring's actuator): its full set of paths is then not known from its code
     */
    public record Service(String name, List<PortFact> ports, List<BindFact> binds, List<EnvFact> env,
                          List<PlatformFact> platforms, List<RequiredEnvFact> required, List<String> images,
                          List<String> dependsOn, List<Place> healthPaths, List<Place> routes, List<Place> mounts) {
        public boolean platformInjectsPort() {
            return platforms.stream().anyMatch(PlatformFact::injectsPort);
        }
    }

    private final Map<String, Service> services = new TreeMap<>();
    private final List<KubernetesWiring.Workload> workloads = new ArrayList<>();
    private final List<KubernetesWiring.ServiceObject> serviceObjects = new ArrayList<>();
    private final List<StartupBudget> budgets = new ArrayList<>();
    private final List<ComposeWiring> compose = new ArrayList<>();

    public List<ComposeWiring> compose() {
        return List.copyOf(compose);
    }

    void add(ComposeWiring service) {
        compose.add(service);
    }
    private final List<ObservedStartup> observed = new ArrayList<>();

    public List<StartupBudget> budgets() {
        return List.copyOf(budgets);
    }

    public List<ObservedStartup> observed() {
        return List.copyOf(observed);
    }

    void add(StartupBudget budget) {
        budgets.add(budget);
    }

    /** What a verify report measured: added by the command that read it, before the rules run. */
    public void add(ObservedStartup startup) {
        observed.add(startup);
    }

    public List<KubernetesWiring.Workload> workloads() {
        return List.copyOf(workloads);
    }

    public List<KubernetesWiring.ServiceObject> serviceObjects() {
        return List.copyOf(serviceObjects);
    }

    void add(KubernetesWiring.Workload workload) {
        workloads.add(workload);
    }

    void add(KubernetesWiring.ServiceObject service) {
        serviceObjects.add(service);
    }
    private final List<String> filesRead = new ArrayList<>();

    public List<Service> services() {
        return List.copyOf(services.values());
    }

    public List<String> filesRead() {
        return List.copyOf(filesRead);
    }

    void read(String file) {
        filesRead.add(file);
    }

    private Service service(String name) {
        return services.computeIfAbsent(name, n -> new Service(n, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>()));
    }

    void add(PortFact fact) {
        service(fact.service()).ports().add(fact);
    }

    void add(BindFact fact) {
        service(fact.service()).binds().add(fact);
    }

    void add(EnvFact fact) {
        service(fact.service()).env().add(fact);
    }

    /** An image the service runs ({@code postgres:16}), a service it waits for, a health path its manifests probe. */
    void image(String service, String image) {
        service(service).images().add(image);
    }

    void dependsOn(String service, String other) {
        service(service).dependsOn().add(other);
    }

    /** @param path where the text of the place is the path itself ({@code /health}) */
    void healthPath(String service, Place path) {
        service(service).healthPaths().add(path);
    }

    /** @param path where the text of the place is the route's path ({@code /health}, {@code /orders/{id}}) */
    void route(String service, Place path) {
        service(service).routes().add(path);
    }

    void mount(String service, Place place) {
        service(service).mounts().add(place);
    }

    void add(RequiredEnvFact fact) {
        service(fact.service()).required().add(fact);
    }

    void add(PlatformFact fact) {
        service(fact.service()).platforms().add(fact);
    }

    /**
     * Merges services that are one under different names: when the repository deploys exactly one image (one
     * Dockerfile) and names exactly one deploy target, the image and the target are the same service.
     */
    void mergeSingleService() {
        List<Service> withImage = services.values().stream().filter(s -> s.binds().stream()
                .anyMatch(b -> b.place().file().contains("Dockerfile")) || s.ports().stream()
                .anyMatch(p -> p.place().file().contains("Dockerfile"))).toList();
        List<Service> deployed = services.values().stream().filter(s -> !s.platforms().isEmpty()).toList();
        if (withImage.size() == 1 && deployed.size() == 1 && withImage.get(0) != deployed.get(0)) {
            Service into = deployed.get(0);
            Service from = withImage.get(0);
            from.ports().forEach(p -> into.ports().add(new PortFact(into.name(), p.port(), p.viaVariable(), p.role(), p.place())));
            from.binds().forEach(b -> into.binds().add(new BindFact(into.name(), b.host(), b.portText(), b.viaVariable(),
                    b.execForm(), b.place())));
            from.env().forEach(e -> into.env().add(new EnvFact(into.name(), e.name(), e.value(), e.fromSecret(), e.place())));
            from.required().forEach(r -> into.required().add(new RequiredEnvFact(into.name(), r.name(), r.place())));
            into.images().addAll(from.images());
            into.dependsOn().addAll(from.dependsOn());
            into.healthPaths().addAll(from.healthPaths());
            into.routes().addAll(from.routes());
            into.mounts().addAll(from.mounts());
            services.remove(from.name());
        }
    }
}
