package io.k3j.server;

import io.k3j.Version;
import io.k3j.apiserver.HealthCheck;
import io.k3j.apiserver.HealthHandler;
import io.k3j.apiserver.VersionHandler;
import io.k3j.apiserver.http.HttpServer;
import io.k3j.apiserver.http.Router;
import io.k3j.apiserver.authn.TokenAuthenticator;
import io.k3j.apiserver.serviceaccount.ObjectLookup;
import io.k3j.apiserver.serviceaccount.ServiceAccountAuthenticator;
import io.k3j.apiserver.serviceaccount.SigningKeys;
import io.k3j.apiserver.serviceaccount.TokenIssuer;
import io.k3j.apiserver.serviceaccount.TokenRequests;
import io.k3j.apiserver.authz.Authorizer;
import io.k3j.apiserver.authz.MastersAuthorizer;
import io.k3j.apiserver.authz.NodeAuthorizer;
import io.k3j.apiserver.registry.CachedNodeGraph;
import io.k3j.apiserver.authz.RbacAuthorizer;
import io.k3j.apiserver.registry.CachedRbacSource;
import io.k3j.apiserver.endpoints.ApiHandler;
import io.k3j.apiserver.endpoints.DiscoveryHandler;
import io.k3j.apiserver.endpoints.ResourceHandler;
import io.k3j.apiserver.endpoints.ReviewHandler;
import io.k3j.apiserver.openapi.OpenApiHandler;
import io.k3j.apiserver.registry.BuiltinResources;
import io.k3j.apiserver.apiextensions.CustomResourceDefinitions;
import io.k3j.apiserver.admission.AdmissionPlugin;
import io.k3j.apiserver.admission.DefaultServiceAccounts;
import io.k3j.apiserver.admission.Plugins;
import io.k3j.agent.simulated.SimulatedNodes;
import io.k3j.controllers.ControllerManager;
import io.k3j.controllers.Controllers;
import io.k3j.apiserver.admission.QuotaController;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ServiceAllocator;
import io.k3j.apiserver.schema.Schema;
import io.k3j.storage.Backend;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.k3j.pki.StaticKeyManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane of one {@code k3s server}: datastore, certificates and tokens, the admin
 * kubeconfig and the HTTPS listener. {@link #start} returns once the port is serving;
 * {@link #close} stops everything and may be called from a shutdown hook.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> PRIVATE_DIR =
            PosixFilePermissions.fromString("rwx------");

    private final ServerConfig config;
    private final Clock clock;
    private Backend backend;
    private Registry registry;
    private String advertisedIp;
    private CustomResourceDefinitions customResources;
    private QuotaController quotaController;
    private SimulatedNodes simulatedNodes;
    private ControllerManager controllerManager;
    private ControllerManager scheduler;
    private HttpServer http;
    private InetSocketAddress address;
    private ClusterCertificates certificates;
    private TokenFiles.Tokens tokens;
    private TokenIssuer serviceAccountTokens;
    private volatile Router router;
    /** Requests the server's own components may have in the handlers at once. */
    private final ComponentPermits componentRequests =
            ComponentPermits.forCores(Runtime.getRuntime().availableProcessors());

    public Server(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public void start() {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(config.dataDir());
            for (Path dir : List.of(config.serverDir(), config.tlsDir())) {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create data directory " + config.serverDir() + ": "
                    + (e instanceof java.nio.file.FileSystemException fse ? fse.getReason() != null
                    ? fse.getFile() + ": " + fse.getReason() : e.toString() : e.toString()), e);
        }
        backend = Datastores.open(config.datastoreEndpoint(), config.serverDir());
        try {
            advertisedIp = serverIp();
            String hostname = config.nodeName() != null ? config.nodeName() : Hostname.get();
            certificates = new ClusterTls(config.tlsDir(), clock)
                    .ensure(ServingNames.of(config, hostname, ServingNames.localAddresses()));
            tokens = TokenFiles.ensure(config.serverDir(), certificates.caBundlePem(), config.token(),
                    config.agentToken());
            registry = new Registry(backend, clock, BuiltinResources.all());
            registry.start();
            quotaController = new QuotaController(registry, clock);
            installAdmission();
            quotaController.start();
            new DefaultServiceAccounts(registry).start();
            BootstrapObjects.ensureRbac(registry);
            BootstrapObjects.ensurePriorityClasses(registry);
            customResources = new CustomResourceDefinitions(registry, clock);
            customResources.start();
            http = new HttpServer(componentRequests);
            serviceAccountTokens = new TokenIssuer(serviceAccountIssuer(), SigningKeys.ensure(config.tlsDir()));
            ObjectLookup objects = ObjectLookup.of(registry);
            TokenAuthenticator bearer = new TokenAuthenticator(PasswdFile.write(config.serverDir(), tokens),
                    new ServiceAccountAuthenticator(java.util.Set.of(serviceAccountIssuer()),
                            serviceAccountTokens.keys(), objects, apiAudiences(), clock), apiAudiences());
            router = router(bearer, new TokenRequests(serviceAccountTokens, objects, apiAudiences(), clock));
            SupervisorHandlers.registerNodeEndpoints(router, new KubeletCertificates(tokens,
                    new NodePasswords(new io.k3j.client.ApiClient(inProcessTransport("k3s-supervisor"))),
                    certificates, clock));
            address = http.start(new InetSocketAddress(bindHost(), config.httpsListenPort()), tls(), router, bearer);
            BootstrapObjects.ensure(registry, Cidrs.firstHost(config.serviceCidr().split(",")[0].strip())
                    .getHostAddress(), advertisedIp, address.getPort());
            writeKubeconfig();
            startControllers(hostname);
            if (config.simulatedNodes() > 0) {
                simulatedNodes = new SimulatedNodes(new io.k3j.client.ApiClient(inProcessTransport("kubelet")),
                        config.simulatedNodes(), Version.current().gitVersion(), clock);
                simulatedNodes.start();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("k3j {} running: https://{}:{} (datastore revision {}, started in {} ms)",
                Version.current().gitVersion(), bindHost(), address.getPort(),
                backend.currentRevision(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * kube-controller-manager and kube-scheduler (unless disabled with {@code --disable-*}), each
     * under its own lease as upstream. The only datastore so far (SQLite) is not shared, so this
     * server always leads.
     */
    private void startControllers(String hostname) {
        if (!config.disableControllerManager()) {
            controllerManager = new ControllerManager("kube-controller-manager",
                    new io.k3j.client.ApiClient(inProcessTransport("kube-controller-manager")), clock,
                    Controllers.controllerManager(certificates.caBundlePem(), (ns, name, uid, secret) ->
                            serviceAccountTokens.legacy(ns, new TokenIssuer.Ref(name, uid), secret),
                            config.clusterCidr()), false, hostname);
            controllerManager.start();
        }
        if (!config.disableScheduler()) {
            scheduler = new ControllerManager("kube-scheduler",
                    new io.k3j.client.ApiClient(inProcessTransport("kube-scheduler")), clock, Controllers.scheduler(),
                    false, hostname);
            scheduler.start();
        }
    }

    /** Each resource's admission: the built-in plugins that apply to it, then for services IP and port allocation. */
    private void installAdmission() {
        List<AdmissionPlugin> plugins = Plugins.builtin(registry, quotaController, clock);
        GenericStore services = registry.core("services");
        for (GenericStore store : registry.stores()) {
            Admission chain = Plugins.chainFor(store.type(), plugins);
            if (store == services) {
                chain = chain.then(new ServiceAllocator(services, config.serviceCidr(), clock));
            }
            store.setAdmission(chain);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    public Backend backend() {
        return backend;
    }

    /**
     * A client transport into this server's own request handling (no socket), for the
     * components it runs; requests carry the in-process controller identity.
     */
    public io.k3j.client.Transport inProcessTransport() {
        return new InProcessTransport(startedRouter());
    }

    /**
     * As {@link #inProcessTransport()}, for the server's own component {@code name}: its User-Agent
     * as upstream's binaries send it, and a share of the components' request permits.
     */
    public io.k3j.client.Transport inProcessTransport(String name) {
        return new InProcessTransport(startedRouter(), InProcessTransport.IDENTITY,
                name + "/" + Version.current().gitVersion() + " (linux/amd64) kubernetes/k3j", componentRequests);
    }

    private Router startedRouter() {
        Router r = router;
        if (r == null) {
            throw new IllegalStateException("the server is not started");
        }
        return r;
    }

    public TokenFiles.Tokens tokens() {
        return tokens;
    }

    /** K3s's service account issuer: the API's in-cluster URL. */
    private String serviceAccountIssuer() {
        return "https://kubernetes.default.svc." + config.clusterDomain();
    }

    /** K3s's api-audiences: the service account issuer and the program name. */
    private List<String> apiAudiences() {
        return List.of(serviceAccountIssuer(), "k3s");
    }

    private Router router(TokenAuthenticator bearer, TokenRequests tokenRequests) {
        Router router = new Router();
        SupervisorHandlers.register(router, certificates.caBundlePem());
        HealthCheck ping = HealthCheck.of("ping", () -> { });
        HealthCheck datastore = HealthCheck.of("etcd", () -> backend.get("/registry/health", 0));
        router.open("/healthz", new HealthHandler("healthz", List.of(ping, datastore)));
        router.open("/livez", new HealthHandler("livez", List.of(ping, datastore)));
        router.open("/readyz", new HealthHandler("readyz", List.of(ping, datastore)));
        for (String endpoint : List.of("healthz", "livez", "readyz")) {
            router.open("/" + endpoint + "/ping", new HealthHandler(endpoint, List.of(ping)));
            router.open("/" + endpoint + "/etcd", new HealthHandler(endpoint, List.of(datastore)));
        }
        router.open("/version", new VersionHandler(Version.current()));
        DiscoveryHandler discovery = new DiscoveryHandler(registry, advertisedIp + ":" + config.httpsListenPort());
        RbacAuthorizer rbac = new RbacAuthorizer(new CachedRbacSource(registry));
        Authorizer authorizer = new MastersAuthorizer(new NodeAuthorizer(new CachedNodeGraph(registry), rbac));
        ReviewHandler reviews = new ReviewHandler(authorizer, rbac, bearer, apiAudiences());
        ResourceHandler resources = new ResourceHandler(registry, authorizer, reviews, clock, tokenRequests);
        router.fallback(new ApiHandler(discovery, resources, authorizer));
        OpenApiHandler openapi = new OpenApiHandler(Schema::builtin,
                () -> registry.stores().stream().map(GenericStore::type).toList(), DiscoveryHandler.reviewResources(),
                Version.current().gitVersion(), authorizer, clock);
        router.authenticated("/openapi/v2", openapi);
        router.authenticated("/openapi/v3", openapi);
        router.authenticatedPrefix("/openapi/v3/", openapi);
        return router;
    }

    private SslContext tls() {
        try {
            StaticKeyManager keys = new StaticKeyManager(certificates.serving().key(),
                    certificates.serving().certificate(), certificates.serverCa().certificate());
            return SslContextBuilder.forServer(new KeyManagerFactoryWrapper(keys))
                    .trustManager(certificates.clientCa().certificate())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private String bindHost() {
        String b = config.bindAddress();
        return b == null || b.isBlank() ? "0.0.0.0" : b;
    }

    private void writeKubeconfig() {
        String host = "127.0.0.1";
        String b = config.bindAddress();
        if (b != null && !b.isBlank() && !b.equals("0.0.0.0") && !b.equals("::")) {
            host = b.contains(":") ? "[" + b + "]" : b;
        }
        String url = "https://" + host + ":" + address.getPort();
        String content = Kubeconfig.render(url, certificates.caBundlePem(),
                certificates.admin().certificatePem(), certificates.admin().keyPem());
        Kubeconfig.write(config.writeKubeconfig(), content, config.writeKubeconfigMode());
        LOG.info("wrote kubeconfig {}", config.writeKubeconfig());
    }

    /** The address other nodes and in-cluster clients reach this server at. */
    private String serverIp() {
        if (config.advertiseAddress() != null && !config.advertiseAddress().isBlank()) {
            return config.advertiseAddress();
        }
        if (!config.nodeIps().isEmpty()) {
            return config.nodeIps().getFirst();
        }
        String bind = config.bindAddress();
        if (bind != null && !bind.isBlank() && !bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind;
        }
        return ServingNames.localAddresses().stream().filter(a -> a instanceof java.net.Inet4Address)
                .map(InetAddress::getHostAddress).findFirst().orElse("127.0.0.1");
    }

    public Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        if (simulatedNodes != null) {
            simulatedNodes.close();
            simulatedNodes = null;
        }
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
        if (controllerManager != null) {
            controllerManager.close();
            controllerManager = null;
        }
        if (http != null) {
            http.close();
            http = null;
        }
        if (quotaController != null) {
            quotaController.close();
            quotaController = null;
        }
        if (customResources != null) {
            customResources.close();
            customResources = null;
        }
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    /** The machine's host name, lower-cased as Kubernetes node names are. */
    static final class Hostname {
        private Hostname() {
        }

        static String get() {
            String env = System.getenv("HOSTNAME");
            try {
                String h = env != null && !env.isBlank() ? env : InetAddress.getLocalHost().getHostName();
                return h.toLowerCase(java.util.Locale.ROOT);
            } catch (IOException e) {
                return "localhost";
            }
        }
    }
}
