// mlp-run JOB.json | -: runs one JSON job and prints one JSON result on stdout.
// Exit status: 0 success, 2 bad input ({"error": ...} on stdout), 1 internal failure.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "mlp/job.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: mlp-run JOB.json   (or - to read the job from stdin)\n";
    return 2;
  }
  const std::string path = argv[1];
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cout
          << nlohmann::json{{"error",
                             {{"parameter", "job"}, {"value", path}, {"message", "cannot read the job file " + path}}}}
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
          << "\n";
      return 2;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  const mlp::JobOutcome outcome = mlp::run_job(text);
  // Invalid UTF-8 in echoed input is replaced rather than thrown on.
  std::cout << outcome.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return outcome.status;
}
