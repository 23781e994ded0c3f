#include "tools/wattfleet/isolated_read.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "sim/error.hpp"

namespace wf::cli {

namespace {

void write_all(int fd, const std::string& s) {
  for (std::size_t done = 0; done < s.size();) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ::_exit(3);
    done += std::size_t(n);
  }
}

std::string read_all(int fd) {
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, std::size_t(n));
  }
  return out;
}

std::vector<std::string> split0(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t a = 0;
  for (std::size_t b; (b = s.find('\0', a)) != std::string::npos; a = b + 1)
    parts.push_back(s.substr(a, b - a));
  parts.push_back(s.substr(a));
  return parts;
}

}  // namespace

std::string read_isolated(const std::filesystem::path& file,
                          const std::function<std::string()>& work) {
  std::fflush(nullptr);  // nothing buffered is written twice
  int fds[2];
  if (::pipe(fds) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {  // the child: one status byte, then the payload
    ::close(fds[0]);
    std::string message;
    try {
      message = "O" + work();
    } catch (const InputError& e) {
      message = fmt::format("I{}{}{}{}{}{}{}", e.file(), '\0', e.line(), '\0', e.field(), '\0',
                            e.detail());
    } catch (const std::bad_alloc&) {
      message = "M";
    } catch (const std::exception& e) {
      message = std::string("X") + e.what();
    } catch (...) {
      message = "Xunknown error";
    }
    write_all(fds[1], message);
    ::close(fds[1]);
    ::_exit(0);  // no destructors, no atexit handlers of the parent's libraries
  }
  ::close(fds[1]);
  std::string got = read_all(fds[0]);
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)  // the OOM killer, or a user
    throw std::runtime_error(fmt::format("reading {} was killed", file.string()));
  if (WIFSIGNALED(status))
    throw InputError(file.string(), 0, "",
                     fmt::format("a damaged result file: reading it crashed the HDF5 library ({})",
                                 strsignal(WTERMSIG(status))));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got.empty())
    throw InputError(file.string(), 0, "", "a damaged result file: it could not be read");
  const char kind = got.front();
  got.erase(0, 1);
  if (kind == 'O') return got;
  if (kind == 'I') {
    const auto p = split0(got);
    if (p.size() == 4) throw InputError(p[0], std::stoi(p[1]), p[2], p[3]);
  }
  if (kind == 'M') throw std::bad_alloc();
  throw std::runtime_error(got);  // our own failure, not the file's: exit 1 as in the parent
}

}  // namespace wf::cli
