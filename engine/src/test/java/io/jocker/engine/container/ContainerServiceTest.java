package io.jocker.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.common.event.Event;
import io.jocker.storage.metadata.RecordStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerServiceTest {
    static final String IMAGE_ID = "sha256:" + "ab".repeat(32);
    static final ImageLookup IMAGES = name -> name.equals("bb:1") || name.equals("bb")
            ? Optional.of(new ImageLookup.ImageDefaults(IMAGE_ID, List.of("PATH=/bin", "A=image"), List.of("sh"),
                    null, "/home", "", Map.of("from", "image", "x", "image"), null, 4096))
            : Optional.empty();

    @TempDir
    Path dir;
    FakeRuntime runtime;
    FakeNetwork network = new FakeNetwork();
    List<Event> events;
    ContainerService service;
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void setUp() {
        runtime = new FakeRuntime();
        events = new CopyOnWriteArrayList<>();
        service = newService();
    }

    ContainerService newService() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now = now.plusMillis(1);
                return now;
            }
        };
        return new ContainerService(RecordStore.open(dir, ContainerRecord.class, 1), runtime, network, IMAGES,
                events::add, clock, new ContainerNames());
    }

    static ContainerSpec spec(String image, List<String> cmd) {
        return new ContainerSpec(image, cmd, null, List.of("A=req"), Map.of("x", "req"), false, false, false, false,
                true, true, null, null, null, null, null, null);
    }

    ContainerRecord create(String name) {
        return service.create(name, spec("bb:1", null), HostSettings.defaults());
    }

    List<Event> containerEvents() {
        return events.stream().filter(e -> e.type().equals("container")).toList();
    }

    static ErrorKind kind(Runnable r) {
        try {
            r.run();
        } catch (EngineException e) {
            return e.kind();
        }
        return null;
    }

    @Test
    void create_mergesImageConfig_andPublishesCreate() {
        ContainerRecord r = create("web");
        assertThat(r.id()).matches("[0-9a-f]{64}");
        assertThat(r.shortId()).doesNotMatch("[0-9]{12}");
        assertThat(r.name()).isEqualTo("web");
        assertThat(r.imageId()).isEqualTo(IMAGE_ID);
        assertThat(r.config().cmd()).containsExactly("sh");
        assertThat(r.config().env()).containsExactly("PATH=/bin", "A=req");
        assertThat(r.config().labels()).containsEntry("x", "req").containsEntry("from", "image");
        assertThat(r.config().workingDir()).isEqualTo("/home");
        assertThat(r.config().hostname()).isEqualTo(r.shortId());
        assertThat(r.state().status()).isEqualTo(ContainerState.CREATED);
        assertThat(events).extracting(Event::action).containsExactly("create");
        assertThat(events.get(0).attributes()).containsEntry("name", "web").containsEntry("image", "bb:1")
                .containsEntry("x", "req");
    }

    @Test
    void create_entrypointGiven_dropsImageCmd() {
        ContainerSpec s = new ContainerSpec("bb", null, List.of("echo"), null, null, false, false, false, false,
                false, false, null, null, null, null, null, null);
        ContainerRecord r = service.create(null, s, null);
        assertThat(r.config().argv()).containsExactly("echo");
        assertThat(r.name()).matches("[a-z]+_[a-z]+[0-9]?");
    }

    @Test
    void create_unknownImage_notFoundWithDefaultTag() {
        assertThatThrownBy(() -> service.create("x", spec("nosuch", null), null))
                .isInstanceOf(EngineException.class).hasMessage("No such image: nosuch:latest");
    }

    @Test
    void create_settingsTheRuntimeRefuses_storeNothingAndKeepTheNameFree() {
        runtime.invalid = EngineException.invalidArgument("invalid CapAdd: unknown capability: \"CAP_NOPE\"");
        assertThatThrownBy(() -> create("web")).hasMessage("invalid CapAdd: unknown capability: \"CAP_NOPE\"");
        assertThat(service.list(new ListOptions(true, 0, Map.of()))).isEmpty();
        assertThat(events).isEmpty();
        runtime.invalid = null;
        assertThat(create("web").name()).isEqualTo("web");
    }

    @Test
    void create_nameTaken_conflictWithDockersText() {
        ContainerRecord first = create("web1");
        assertThatThrownBy(() -> create("/web1")).hasMessage("Conflict. The container name \"/web1\" is already in use"
                + " by container \"" + first.id() + "\". You have to remove (or rename) that container to be able to"
                + " reuse that name.");
    }

    @Test
    void create_invalidName_invalidArgument() {
        assertThatThrownBy(() -> create("bad/name")).hasMessage(
                "Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }

    @Test
    void lookup_byPrefixNameAndSlashName() {
        ContainerRecord r = create("web");
        assertThat(service.inspect(r.id().substring(0, 5)).id()).isEqualTo(r.id());
        assertThat(service.inspect("/web").id()).isEqualTo(r.id());
        assertThat(service.inspect("web").id()).isEqualTo(r.id());
        assertThatThrownBy(() -> service.inspect("nosuch")).hasMessage("No such container: nosuch");
    }

    @Test
    void start_thenStartAgain_notModified_thenExitWakesWaiter() throws Exception {
        ContainerRecord r = create("web");
        CompletableFuture<Integer> next = service.wait("web", WaitCondition.NEXT_EXIT);
        service.start("web");
        ContainerRecord running = service.inspect("web");
        assertThat(running.state().status()).isEqualTo(ContainerState.RUNNING);
        assertThat(running.state().pid()).isPositive();
        assertThat(running.state().startedAt()).isNotNull();
        assertThat(kind(() -> service.start("web"))).isEqualTo(ErrorKind.NOT_MODIFIED);
        runtime.exit(r.id(), 3);
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(3);
        ContainerRecord exited = service.inspect("web");
        assertThat(exited.state().status()).isEqualTo(ContainerState.EXITED);
        assertThat(exited.state().exitCode()).isEqualTo(3);
        assertThat(exited.state().pid()).isZero();
        assertThat(containerEvents()).extracting(Event::action).containsExactly("create", "start", "die");
        assertThat(containerEvents().get(2).attributes()).containsEntry("exitCode", "3");
        assertThat(service.wait("web", WaitCondition.NOT_RUNNING).getNow(-1)).isEqualTo(3);
    }

    @Test
    void start_runtimeFails_keepsCreatedWithError() {
        create("web");
        runtime.failStart = EngineException.invalidArgument("exec: \"nope\": executable file not found in $PATH");
        assertThatThrownBy(() -> service.start("web")).hasMessageContaining("executable file not found");
        assertThat(service.inspect("web").state().status()).isEqualTo(ContainerState.CREATED);
        assertThat(service.inspect("web").state().error()).contains("executable file not found");
    }

    @Test
    void stop_notRunning_notModified_andRunning_signalsThenStops() {
        create("web");
        assertThat(kind(() -> service.stop("web", null, null))).isEqualTo(ErrorKind.NOT_MODIFIED);
        service.start("web");
        service.stop("web", 5, null);
        assertThat(service.inspect("web").state().exitCode()).isEqualTo(143);
        assertThat(containerEvents()).extracting(Event::action)
                .containsExactly("create", "start", "kill", "die", "stop");
    }

    @Test
    void stop_signalIgnored_killsAfterTimeout() {
        create("web");
        service.start("web");
        runtime.ignored = Set.of(15);
        long t0 = System.nanoTime();
        service.stop("web", 1, null);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(service.inspect("web").state().exitCode()).isEqualTo(137);
        assertThat(runtime.calls).anyMatch(c -> c.endsWith("SIGKILL"));
    }

    @Test
    void kill_parsesSignals_andRefusesWhenNotRunning() {
        ContainerRecord r = create("stopped1");
        assertThatThrownBy(() -> service.kill("stopped1", null))
                .hasMessage("Cannot kill container: stopped1: Container " + r.id() + " is not running");
        service.start("stopped1");
        assertThatThrownBy(() -> service.kill("stopped1", "NOSUCH")).hasMessage("Invalid signal: NOSUCH");
        runtime.ignored = Set.of(1, 10);
        service.kill("stopped1", "HUP");
        service.kill("stopped1", "SIGUSR1");
        service.kill("stopped1", "WINCH");
        assertThat(runtime.calls).contains("signal " + r.id() + " SIGHUP", "signal " + r.id() + " SIGUSR1",
                "signal " + r.id() + " SIGWINCH");
        assertThat(events.get(events.size() - 1).attributes()).containsEntry("signal", "28");
    }

    @Test
    void signal_parse_numbersAndNames() {
        assertThat(Signal.parse("9")).isEqualTo(Signal.SIGKILL);
        assertThat(Signal.parse("sigterm")).isEqualTo(Signal.SIGTERM);
        assertThat(Signal.parse("RTMIN+3").number()).isEqualTo(37);
        assertThatThrownBy(() -> Signal.parse("99")).hasMessage("Invalid signal: 99");
    }

    @Test
    void remove_running_conflictUnlessForced_andWakesRemovedWaiter() throws Exception {
        ContainerRecord r = create("web");
        service.start("web");
        assertThatThrownBy(() -> service.remove("web", false)).hasMessage("You cannot remove a running container "
                + r.id() + ". Stop the container before attempting removal or force remove");
        CompletableFuture<Integer> removed = service.wait("web", WaitCondition.REMOVED);
        service.remove("web", true);
        assertThat(removed.get(5, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(runtime.calls).contains("delete " + r.id());
        assertThatThrownBy(() -> service.inspect("web")).hasMessage("No such container: web");
        assertThat(events).extracting(Event::action).endsWith("destroy");
        create("web"); // the name is free again
    }

    @Test
    void restore_watchesRunningContainersAgain_reportsThoseThatEnded_andMarksUnfinishedRemovalsDead()
            throws Exception {
        ContainerRecord alive = create("alive");
        ContainerRecord ended = create("ended");
        service.start("alive");
        service.start("ended");
        runtime.endedWhileAway.put(ended.id(), 3);
        // a new daemon on the same records
        ContainerService restarted = new ContainerService(RecordStore.open(dir, ContainerRecord.class, 1), runtime,
                network, IMAGES, events::add, Clock.systemUTC(), new ContainerNames());
        restarted.restore();
        assertThat(runtime.calls).contains("recover " + alive.id(), "recover " + ended.id());
        assertThat(restarted.inspect("ended").state().status()).isEqualTo(ContainerState.EXITED);
        assertThat(restarted.inspect("ended").state().exitCode()).isEqualTo(3);
        assertThat(restarted.inspect("alive").state().status()).isEqualTo(ContainerState.RUNNING);
        CompletableFuture<Integer> exit = restarted.wait("alive", WaitCondition.NOT_RUNNING);
        restarted.stop("alive", 1, null);
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(143);
    }

    @Test
    void defaultBridge_connectedBeforeStart_disconnectedAfterExit_withNetworkEvents() throws Exception {
        ContainerRecord r = create("net");
        service.start("net");
        NetworkEndpoint endpoint = service.inspect("net").network();
        assertThat(endpoint.ipAddress()).isEqualTo("10.0.0.2");
        assertThat(network.calls).containsExactly("connect " + r.id());
        assertThat(runtime.calls).contains("prepare " + r.id());
        CompletableFuture<Integer> exit = service.wait("net", WaitCondition.NOT_RUNNING);
        runtime.exit(r.id(), 0);
        exit.get(5, TimeUnit.SECONDS);
        assertThat(service.inspect("net").network()).isNull();
        assertThat(network.calls).containsExactly("connect " + r.id(), "disconnect " + r.id());
        assertThat(events).extracting(e -> e.type() + " " + e.action()).containsSubsequence("container create",
                "network connect", "container start", "container die", "network disconnect");

        ContainerRecord none = service.create("isolated", spec("bb", null),
                new HostSettings(false, "none", null, null, false, false, null, null, null, null, null, false, 0, 0,
                        null, null, null));
        service.start("isolated");
        assertThat(service.inspect("isolated").network()).isNull();
        assertThat(network.calls).doesNotContain("connect " + none.id());
    }

    @Test
    void unknownNetworkMode_notFound_andAFailedStartLeavesNoEndpoint() {
        service.create("elsewhere", spec("bb", null), new HostSettings(false, "nosuchnet", null, null, false, false, null,
                null, null, null, null, false, 0, 0, null, null, null));
        assertThatThrownBy(() -> service.start("elsewhere")).hasMessage("network nosuchnet not found");
        assertThat(network.calls).isEmpty();
        ContainerRecord r = create("fails");
        runtime.failStart = EngineException.invalidArgument("boom");
        assertThatThrownBy(() -> service.start("fails")).hasMessage("boom");
        assertThat(network.endpoints).isEmpty();
        assertThat(service.inspect("fails").network()).isNull();
        assertThat(network.calls).containsExactly("connect " + r.id(), "disconnect " + r.id());
    }

    @Test
    void aLateExitOfAnEarlierRun_doesNotEndTheNextOne() throws Exception {
        ContainerRecord r = create("again");
        service.start("again");
        ContainerRuntime.ExitListener firstRun = runtime.running.get(r.id());
        CompletableFuture<Integer> exit = service.wait("again", WaitCondition.NOT_RUNNING);
        runtime.exit(r.id(), 0);
        exit.get(5, TimeUnit.SECONDS);
        service.start("again");
        firstRun.onExit(r.id(), 9, false); // the first run's exit, delivered once more and late
        assertThat(service.inspect("again").state().status()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void oomKill_recordsOomKilled_andPublishesOomBeforeDie() throws Exception {
        ContainerRecord r = service.create("hog", spec("bb", List.of("tail", "/dev/zero")), HostSettings.defaults());
        CompletableFuture<Integer> exit = service.wait("hog", WaitCondition.NEXT_EXIT);
        service.start("hog");
        runtime.exit(r.id(), 137, true);
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(137);
        assertThat(service.inspect("hog").state().oomKilled()).isTrue();
        assertThat(events).extracting(Event::action).containsSubsequence("start", "oom", "die");
    }

    @Test
    void autoRemove_afterExit_removesAndWakesRemoved() throws Exception {
        HostSettings host = HostSettings.defaults().withAutoRemove(true);
        ContainerRecord r = service.create("tmp", spec("bb", List.of("true")), host);
        CompletableFuture<Integer> removed = service.wait("tmp", WaitCondition.REMOVED);
        service.start("tmp");
        runtime.exit(r.id(), 0);
        assertThat(removed.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(service.list(new ListOptions(true, 0, Map.of()))).isEmpty();
    }

    @Test
    void list_defaultRunningOnly_filtersAndLimit() {
        ContainerRecord a = create("aa");
        ContainerRecord b = create("bb");
        ContainerRecord c = service.create("cc", new ContainerSpec("bb", null, null, null, Map.of("k", "v"), false,
                false, false, false, false, false, null, null, null, null, null, null), null);
        service.start("bb");
        assertThat(service.list(new ListOptions(false, 0, Map.of()))).extracting(ContainerRecord::name)
                .containsExactly("bb");
        assertThat(service.list(new ListOptions(true, 0, Map.of()))).extracting(ContainerRecord::name)
                .containsExactly("cc", "bb", "aa");
        assertThat(service.list(new ListOptions(false, 2, Map.of()))).extracting(ContainerRecord::name)
                .containsExactly("cc", "bb");
        assertThat(names(Map.of("label", Set.of("k=v")))).containsExactly("cc");
        assertThat(names(Map.of("status", Set.of("created")))).containsExactly("cc", "aa");
        assertThat(names(Map.of("id", Set.of(a.id().substring(0, 10))))).containsExactly("aa");
        assertThat(names(Map.of("name", Set.of("^/?bb$")))).containsExactly("bb");
        assertThat(names(Map.of("ancestor", Set.of("bb:latest")))).containsExactly("cc");
        assertThat(names(Map.of("before", Set.of("cc")))).containsExactly("bb", "aa");
        assertThat(names(Map.of("since", Set.of("aa")))).containsExactly("cc", "bb");
        runtime.ignored = Set.of();
        service.kill("bb", "TERM");
        service.wait("bb", WaitCondition.NOT_RUNNING).join();
        assertThat(names(Map.of("exited", Set.of("143")))).containsExactly("bb");
        assertThatThrownBy(() -> names(Map.of("nosuch", Set.of("x")))).hasMessage("Invalid filter 'nosuch'");
        assertThat(b.id()).isNotEqualTo(c.id());
    }

    List<String> names(Map<String, Set<String>> filters) {
        return service.list(new ListOptions(true, 0, filters)).stream().map(ContainerRecord::name).toList();
    }

    @Test
    void records_survive_aNewService() {
        ContainerRecord r = create("keep");
        ContainerRecord again = newService().inspect("keep");
        assertThat(again).isEqualTo(r);
    }

    @Test
    void state_transitions_followTheLifecycle() {
        assertThat(ContainerState.CREATED.canTransitionTo(ContainerState.RUNNING)).isTrue();
        assertThat(ContainerState.EXITED.canTransitionTo(ContainerState.PAUSED)).isFalse();
        assertThat(ContainerState.RUNNING.canRemove()).isFalse();
        assertThat(ContainerState.PAUSED.canKill()).isTrue();
        assertThatThrownBy(() -> ContainerState.REMOVING.transitionTo(ContainerState.RUNNING))
                .isInstanceOf(IllegalStateException.class);
    }
}
