// mlp-run JOB.json | -: runs one JSON job and prints one JSON result on stdout.
// Exit status: 0 success, 2 bad input ({"error": ...} on stdout), 1 internal failure.
//
// mlp-run --lines: runs many jobs, one per line of stdin (JSON lines), and answers each with
// one line {"status": 0|1|2, "result": {...}} (the exit status and the line the single-job mode
// would print), flushed at once; exits 0 at the end of the input. For test harnesses and
// autograders that run thousands of small jobs (a process per job costs more than the job).
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "mlp/job.hpp"

namespace {

std::string dump(const nlohmann::json& value) {
  // Invalid UTF-8 in echoed input is replaced rather than thrown on.
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_lines() {
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank lines separate nothing
    const mlp::JobOutcome outcome = mlp::run_job(line);
    std::cout << "{\"status\":" << outcome.status << ",\"result\":" << dump(outcome.result) << "}" << std::endl;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: mlp-run JOB.json   (or - to read the job from stdin; --lines: one job per line)\n";
    return 2;
  }
  const std::string path = argv[1];
  if (path == "--lines") return run_lines();
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cout << dump(nlohmann::json{
                       {"error",
                        {{"parameter", "job"}, {"value", path}, {"message", "cannot read the job file " + path}}}})
                << "\n";
      return 2;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  const mlp::JobOutcome outcome = mlp::run_job(text);
  std::cout << dump(outcome.result) << "\n";
  return outcome.status;
}
