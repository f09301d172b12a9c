// The cost of reading a stream, and what a kill -9 costs a recording.
//
// 1. CPU: one 100,000-chunk chat-completions stream (OpenRouter-shaped chunks, sent in 16 KiB
//    writes from a loopback server in this process) read by `ossynapse stream --record` and,
//    when node and the SDK are there, by the official OpenAI Node SDK (tests/bench/openai-sdk,
//    installed from the npm registry by the stream-benchmark target). Each client's own CPU
//    (user + system, from wait4) over 5 runs; medians and their ratio are printed.
// 2. kill -9: 40 runs of `ossynapse stream --record` on a slow stream, each killed with SIGKILL
//    at a different moment. A run loses an event that had arrived when a token it printed
//    (stdout is written after the recording, once per network read) is missing from the
//    recording; every recording must load.
//
// Usage: ossynapse_stream_bench OSSYNAPSE [SDK_SCRIPT]   (the target passes both)
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/chat_chunk_format.h"
#include "core/session_reader.h"
#include "core/synthetic_session.h"

extern char** environ;

using namespace ossynapse;

namespace {

constexpr std::size_t kChunks = 100'000;

// The stream: synthetic sessions' tokens as chunks until kChunks, then the end events.
std::string streamBody() {
    ChatChunkFormat format;
    format.model = "openai/gpt-oss-120b";
    std::string body;
    std::size_t chunks = 0;
    std::int64_t running = 0;
    for (int round = 0; chunks < kChunks; ++round) {
        const Session session = synthesizeSession(static_cast<SyntheticKind>(round % 3),
                                                  static_cast<std::uint64_t>(round), "bench");
        for (const TokenEvent& event : session.events) {
            if (chunks == kChunks) {
                break;
            }
            running += event.tokens;
            body += format.tokenEvent(event, running);
            ++chunks;
        }
    }
    SessionEnd end;
    end.finishReason = "stop";
    end.usage = {{"completion_tokens", running}};
    return body + format.endEvents(end);
}

// A loopback HTTP server that answers every request with `body`, in writes of `piece` bytes,
// pausing `pause` between writes.
class Server {
  public:
    Server(const std::string& body, std::size_t piece, std::chrono::microseconds pause)
        : m_body(body), m_piece(piece), m_pause(pause) {
        m_socket = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address);
        listen(m_socket, 4);
        socklen_t length = sizeof address;
        getsockname(m_socket, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~Server() {
        m_stop = true;
        shutdown(m_socket, SHUT_RDWR);
        close(m_socket);
        m_thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v1"; }
    // Bytes of the body the last connection took before it ended.
    std::size_t lastSent() const { return m_lastSent; }

  private:
    void serve() {
        while (!m_stop) {
            const int client = accept(m_socket, nullptr, nullptr);
            if (client < 0) {
                return;
            }
            readRequest(client);
            const std::string head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
            send(client, head.data(), head.size(), MSG_NOSIGNAL);
            std::size_t sent = 0;
            while (sent < m_body.size() && !m_stop) {
                const ssize_t n = send(client, m_body.data() + sent,
                                       std::min(m_piece, m_body.size() - sent), MSG_NOSIGNAL);
                if (n <= 0) {
                    break;
                }
                sent += static_cast<std::size_t>(n);
                if (m_pause.count() > 0) {
                    std::this_thread::sleep_for(m_pause);
                }
            }
            m_lastSent = sent;
            close(client);
        }
    }
    static void readRequest(int client) {
        std::string request;
        char buffer[4096];
        std::size_t needed = std::string::npos;
        while (needed == std::string::npos || request.size() < needed) {
            const ssize_t n = recv(client, buffer, sizeof buffer, 0);
            if (n <= 0) {
                return;
            }
            request.append(buffer, static_cast<std::size_t>(n));
            const std::size_t headEnd = request.find("\r\n\r\n");
            if (needed == std::string::npos && headEnd != std::string::npos) {
                std::string lower = request.substr(0, headEnd);
                std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
                const std::size_t at = lower.find("content-length:");
                needed =
                    headEnd + 4 + (at == std::string::npos ? 0 : std::stoul(lower.substr(at + 15)));
            }
        }
    }

    std::string m_body;
    std::size_t m_piece;
    std::chrono::microseconds m_pause;
    int m_socket = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<std::size_t> m_lastSent{0};
    std::thread m_thread;
};

struct Child {
    pid_t pid = -1;
};

// Starts `argv` with stdout to `out` (or /dev/null) and stderr to /dev/null.
Child start(const std::vector<std::string>& argv, const std::string& out = "/dev/null") {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    Child child;
    if (posix_spawnp(&child.pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        child.pid = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    return child;
}

// Waits for the child; its own CPU seconds (user + system), or -1 if it failed.
double finish(const Child& child, int* exitCode = nullptr) {
    int status = 0;
    rusage usage{};
    if (child.pid < 0 || wait4(child.pid, &status, 0, &usage) < 0) {
        return -1;
    }
    if (exitCode != nullptr) {
        *exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? -1 : values[values.size() / 2];
}

std::string fileText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool haveCommand(const char* name) {
    return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s OSSYNAPSE [SDK_SCRIPT]\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    const std::string ossynapse = argv[1];
    const std::string sdkScript = argc > 2 ? argv[2] : "";
    const std::string body = streamBody();
    const std::string dir = "/tmp/ossynapse-stream-bench-" + std::to_string(getpid());
    std::filesystem::create_directories(dir);
    const std::string record = dir + "/bench.jsonl";
    constexpr int kRuns = 5;

    std::printf("stream: %zu chunks, %.1f MB, sent in 16 KiB writes over loopback; %d runs each\n",
                kChunks, static_cast<double>(body.size()) / 1e6, kRuns);
    Server flood(body, 16 * 1024, std::chrono::microseconds(0));
    std::vector<double> ours;
    for (int run = 0; run < kRuns; ++run) {
        int exitCode = -1;
        ours.push_back(finish(start({ossynapse, "stream", "--endpoint", flood.url(), "--model",
                                     "bench", "--prompt", "hi", "--record", record}),
                              &exitCode));
        if (exitCode != 0) {
            std::fprintf(stderr, "ossynapse stream exited with %d\n", exitCode);
            return 1;
        }
    }
    const LoadedSession loaded = readSessionFile(record);
    std::printf(
        "ossynapse stream --record: median %.3f s CPU (%.2f us a chunk), %zu events "
        "recorded\n",
        median(ours), median(ours) / kChunks * 1e6, loaded.session.events.size());
    int status = loaded.session.events.size() == kChunks ? 0 : 1;

    if (!sdkScript.empty() && haveCommand("node")) {
        std::vector<double> sdk;
        for (int run = 0; run < kRuns; ++run) {
            int exitCode = -1;
            sdk.push_back(finish(start({"node", sdkScript, flood.url()}), &exitCode));
            if (exitCode != 0) {
                std::fprintf(stderr, "the OpenAI SDK run exited with %d\n", exitCode);
                sdk.clear();
                break;
            }
        }
        if (!sdk.empty()) {
            std::printf("OpenAI Node SDK: median %.3f s CPU\n", median(sdk));
            std::printf("ratio: ossynapse / SDK = %.3f (aim: at most 0.2)\n",
                        median(ours) / median(sdk));
        }
    } else {
        std::printf("OpenAI Node SDK: not run (no node, or no SDK installed)\n");
    }

    // kill -9 at 40 moments of a slow stream (16 KiB every 2 ms).
    constexpr int kKills = 40;
    Server slow(body, 16 * 1024, std::chrono::microseconds(2000));
    std::mt19937 random(40);
    int loaded40 = 0;
    int lostShown = 0;
    std::vector<double> unrecordedSent;
    for (int kill = 0; kill < kKills; ++kill) {
        const std::string shownPath = dir + "/shown.txt";
        const Child child = start({ossynapse, "stream", "--endpoint", slow.url(), "--model",
                                   "bench", "--prompt", "hi", "--record", record},
                                  shownPath);
        std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 1500));
        ::kill(child.pid, SIGKILL);
        finish(child);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the server notices
        try {
            const LoadedSession back = readSessionFile(record);
            ++loaded40;
            std::string recorded;
            for (const TokenEvent& event : back.session.events) {
                if (event.channel == Channel::Completion) {
                    recorded += event.text;
                }
            }
            const std::string shown = fileText(shownPath);
            if (recorded.compare(0, shown.size(), shown) != 0) {
                ++lostShown;
            }
            const std::string sent = body.substr(0, slow.lastSent());
            std::size_t sentEvents = 0;
            for (std::size_t at = sent.find("\n\n"); at != std::string::npos;
                 at = sent.find("\n\n", at + 2)) {
                ++sentEvents;
            }
            unrecordedSent.push_back(static_cast<double>(sentEvents) -
                                     static_cast<double>(back.session.events.size()));
        } catch (const std::exception& error) {
            std::fprintf(stderr, "kill %d: the recording does not load: %s\n", kill, error.what());
        }
    }
    std::printf(
        "kill -9: %d of %d killed recordings load; %d lost a token they had shown; "
        "events the server had sent but not recorded (in the socket buffers or the "
        "last read): median %.0f, max %.0f\n",
        loaded40, kKills, lostShown, median(unrecordedSent),
        unrecordedSent.empty() ? 0.0
                               : *std::max_element(unrecordedSent.begin(), unrecordedSent.end()));
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
    return status == 0 && loaded40 == kKills && lostShown == 0 ? 0 : 1;
}
