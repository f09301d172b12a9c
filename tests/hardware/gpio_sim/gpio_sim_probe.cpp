// Runs inside the qemu guest (tests/hardware/gpio_sim/run.sh): starts ossynapsed with its pwm2
// output on the kernel's gpio-sim chip, feeds it DDP frames over loopback and samples the two
// simulated lines through gpio-sim's sysfs `value` files. Wire A must drive BCM 21, wire B BCM 13.
//
// The lines are pulled up before the daemon starts, so a LOW sample is the daemon driving the
// line LOW, never a released line (gpio-sim shows a released line at its pull).
//
// What the daemon drives after SIGTERM is read from the kernel's gpio_value tracepoint: the last
// value it set on each line before letting go must be LOW (sampling the short moment between
// that and the release would depend on the guest's scheduler).
//
// usage: gpio_sim_probe DAEMON VALUE_FILE_BCM21 VALUE_FILE_BCM13 OUTPUT_SPEC CHIP_BASE
// Prints one line per check and closes with "gpio-sim: N passed, N failed"; exit 0 only if all
// passed. Levels and coarse duty only: under emulation timing is approximate.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/ddp.h"

namespace {

double now() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void pause(double seconds) {
    const timespec ts{
        static_cast<time_t>(seconds),
        static_cast<long>((seconds - static_cast<double>(static_cast<time_t>(seconds))) * 1e9)};
    nanosleep(&ts, nullptr);
}

class Line {
  public:
    explicit Line(const char* path) : m_fd(open(path, O_RDONLY)) {
        if (m_fd < 0) {
            std::fprintf(stderr, "gpio-sim: cannot open %s\n", path);
            std::exit(2);
        }
    }
    int read() const {
        char c = '?';
        if (pread(m_fd, &c, 1, 0) != 1) {
            return -1;
        }
        return c == '1' ? 1 : 0;
    }

  private:
    int m_fd;
};

// The fraction of samples at HIGH for each line over `seconds`, sampling every ~100 us (the
// sampler sleeps between samples so the daemon's PWM thread gets the guest's only CPU).
struct Duty {
    double a = 0;
    double b = 0;
    int samples = 0;
};

class Sender {
  public:
    Sender() : m_fd(socket(AF_INET, SOCK_DGRAM, 0)) {
        m_to.sin_family = AF_INET;
        m_to.sin_port = htons(ossynapse::ddp::kPort);
        m_to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    // Two LEDs: the daemon's default wiring gives the first half of the strip to wire A, the
    // rest to wire B.
    void send(std::uint8_t a, std::uint8_t b) {
        const std::vector<std::uint8_t> rgb{a, a, a, b, b, b};
        m_sequence = ossynapse::ddp::nextSequence(m_sequence);
        for (const auto& packet : ossynapse::ddp::encodeFrame(rgb, m_sequence)) {
            sendto(m_fd, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&m_to),
                   sizeof m_to);
        }
    }

  private:
    int m_fd;
    sockaddr_in m_to{};
    std::uint8_t m_sequence = 0;
};

int g_passed = 0;
int g_failed = 0;

void check(bool ok, const char* name, const std::string& detail) {
    std::printf("gpio-sim: %s %s: %s\n", ok ? "PASS" : "FAIL", name, detail.c_str());
    std::fflush(stdout);
    (ok ? g_passed : g_failed)++;
}

std::string fractions(const Duty& d) {
    char text[128];
    std::snprintf(text, sizeof text, "BCM21 high %.3f, BCM13 high %.3f (%d samples)", d.a, d.b,
                  d.samples);
    return text;
}

constexpr const char* kTrace = "/sys/kernel/tracing/trace";
constexpr const char* kTraceMarker = "/sys/kernel/tracing/trace_marker";
constexpr const char* kMark = "ossynapse-probe-sigterm";

// The last value set on each global GPIO number after the marker, from lines such as
// "... gpio_value: 533 set 0".
std::map<int, int> lastSetAfterMark() {
    std::map<int, int> last;
    std::ifstream trace(kTrace);
    bool marked = false;
    for (std::string line; std::getline(trace, line);) {
        if (line.find(kMark) != std::string::npos) {
            marked = true;
            last.clear();
            continue;
        }
        const auto at = line.find("gpio_value: ");
        int gpio = 0;
        char verb[8] = {};
        int value = 0;
        if (marked && at != std::string::npos &&
            std::sscanf(line.c_str() + at, "gpio_value: %d %7s %d", &gpio, verb, &value) == 3 &&
            std::string(verb) == "set") {
            last[gpio] = value;
        }
    }
    return last;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr,
                     "usage: gpio_sim_probe DAEMON VALUE21 VALUE13 OUTPUT_SPEC CHIP_BASE\n");
        return 2;
    }
    const int base = std::atoi(argv[5]);
    const Line bcm21(argv[2]);
    const Line bcm13(argv[3]);
    const double timeoutS = 1.0;

    const auto sample = [&](double seconds, Sender* sender, std::uint8_t a, std::uint8_t b) {
        Duty d;
        int highA = 0;
        int highB = 0;
        const double end = now() + seconds;
        double nextSend = 0;
        while (now() < end) {
            if (sender != nullptr && now() >= nextSend) {
                sender->send(a, b);
                nextSend = now() + 0.05;
            }
            highA += bcm21.read() == 1;
            highB += bcm13.read() == 1;
            ++d.samples;
            pause(100e-6);
        }
        d.a = d.samples ? static_cast<double>(highA) / d.samples : 0;
        d.b = d.samples ? static_cast<double>(highB) / d.samples : 0;
        return d;
    };

    std::printf("gpio-sim: pulled up before start: BCM21=%d BCM13=%d\n", bcm21.read(),
                bcm13.read());
    // Two LEDs: LED 0 on wire A, LED 1 on wire B, as the rig says (the daemon's wires follow it).
    const char* rigPath = "/tmp/gpio-sim-rig.json";
    ::mkdir("/tmp", 01777);  // the guest's initramfs has no /tmp
    std::ofstream rig(rigPath);
    rig << R"({"format":"ossynapse-rig","version":1,"name":"gpio-sim","lobes":[)"
           R"({"name":"a","metric":"reasoning","color":"#ffffff","wire":"a","leds":[{"pos":[0,0,0],"strip":0}]},)"
           R"({"name":"b","metric":"completion","color":"#ffffff","wire":"b","leds":[{"pos":[1,0,0],"strip":1}]}]})";
    rig.close();
    if (!rig) {
        std::printf("gpio-sim: cannot write the rig %s\n", rigPath);
        return 1;
    }
    const pid_t daemon = fork();
    if (daemon == 0) {
        execl(argv[1], argv[1], "--output", argv[4], "--bind", "127.0.0.1", "--ddp-port", "4048",
              "--e131-port", "0", "--leds", "2", "--rig", rigPath, "--timeout", "1",
              static_cast<char*>(nullptr));
        std::perror("gpio-sim: exec ossynapsed");
        _exit(127);
    }

    // Start: the daemon requests both lines as outputs driven LOW.
    const double started = now();
    while (now() - started < 30 && (bcm21.read() != 0 || bcm13.read() != 0)) {
        pause(0.01);
    }
    pause(0.5);  // the receiver binds its socket after the outputs exist
    Duty d = sample(0.5, nullptr, 0, 0);
    check(d.a == 0 && d.b == 0, "both LOW at start", fractions(d));

    Sender sender;
    sample(0.3, &sender, 255, 0);
    d = sample(1.0, &sender, 255, 0);
    check(d.a >= 0.99 && d.b == 0, "wire A full -> BCM21 HIGH, BCM13 LOW", fractions(d));

    sample(0.3, &sender, 0, 255);
    d = sample(1.0, &sender, 0, 255);
    check(d.a == 0 && d.b >= 0.99, "wire B full -> BCM13 HIGH, BCM21 LOW", fractions(d));

    sample(0.3, &sender, 128, 128);
    d = sample(2.0, &sender, 128, 128);
    check(d.a > 0.15 && d.a < 0.85 && d.b > 0.15 && d.b < 0.85,
          "half level (128/255) -> duty in (0.15, 0.85) on both", fractions(d));

    sample(0.3, &sender, 0, 0);
    d = sample(0.5, &sender, 0, 0);
    check(d.a == 0 && d.b == 0, "both LOW at idle (level 0 sent)", fractions(d));

    // The sender stops while both wires are full: LOW within the timeout (plus emulation slack).
    sample(0.5, &sender, 255, 255);
    const double stopped = now();
    double lastHigh = stopped;
    while (now() - stopped < timeoutS + 3) {
        if (bcm21.read() == 1 || bcm13.read() == 1) {
            lastHigh = now();
        }
        pause(200e-6);
    }
    char detail[96];
    std::snprintf(detail, sizeof detail, "last HIGH %.3f s after the last frame (timeout %.1f s)",
                  lastHigh - stopped, timeoutS);
    check(lastHigh - stopped <= timeoutS + 1.0, "LOW within the timeout after the sender stops",
          detail);
    d = sample(0.5, nullptr, 0, 0);
    check(d.a == 0 && d.b == 0, "both LOW at idle after the timeout", fractions(d));

    // SIGTERM while both wires are full: the daemon must drive them LOW before it releases them
    // (released, they read HIGH again through the pull-up).
    d = sample(0.8, &sender, 255, 255);
    check(d.a >= 0.9 && d.b >= 0.9, "both HIGH before SIGTERM", fractions(d));
    {
        std::ofstream marker(kTraceMarker);
        marker << kMark << std::endl;
    }
    kill(daemon, SIGTERM);
    int status = 0;
    const double killed = now();
    pid_t done = 0;
    while ((done = waitpid(daemon, &status, WNOHANG)) == 0 && now() - killed < 10) {
        pause(0.01);
    }
    const std::map<int, int> last = lastSetAfterMark();
    const auto lastOf = [&](int offset) {
        const auto it = last.find(base + offset);
        return it == last.end() ? -1 : it->second;
    };
    std::snprintf(detail, sizeof detail,
                  "last value set after SIGTERM: BCM21 %d, BCM13 %d (-1: none set)", lastOf(21),
                  lastOf(13));
    check(lastOf(21) == 0 && lastOf(13) == 0, "driven LOW after SIGTERM, before release", detail);
    check(done == daemon && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "daemon exits 0 on SIGTERM",
          done == daemon
              ? "exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1)
              : "still running");
    if (done != daemon) {
        kill(daemon, SIGKILL);
        waitpid(daemon, &status, 0);
    }

    std::printf("gpio-sim: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 && g_passed > 0 ? 0 : 1;
}
