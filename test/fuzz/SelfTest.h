//===- SelfTest.h - Checks of the fuzzer itself -----------------*- C++ -*-===//
//
// The fuzzer must be able to fail. runSelfTest checks that a damaged output
// element is reported, both by the comparison alone on generated graphs and
// end to end through a compiled graph in a child process.
// checkReferenceAgainstFiles checks the reference evaluator's semantics
// against the expected outputs of WPT conformance test files.
//
//===----------------------------------------------------------------------===//
#ifndef WNN_TEST_FUZZ_SELFTEST_H
#define WNN_TEST_FUZZ_SELFTEST_H

#include <string>
#include <vector>

namespace wnn::fuzz {

bool runSelfTest(unsigned timeoutSeconds);
bool checkReferenceAgainstFiles(const std::vector<std::string> &paths,
                                bool verbose);

} // namespace wnn::fuzz

#endif // WNN_TEST_FUZZ_SELFTEST_H
