//===- BigStack.h - run a tool's work on a large stack ---------*- C++ -*-===//
//
// MLIR's parser, verifier and our analyses recurse once per level of region
// nesting; the default 8 MiB stack overflows around 8,000 nested scf.if.
// The tools do their work on a thread whose stack is reserved (not
// committed) at 1 GiB, so deep nesting is answered, never a crash.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_TOOLS_BIGSTACK_H
#define MAPSAFE_TOOLS_BIGSTACK_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/thread.h"

#include <optional>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MAPSAFE_ASAN_BUILD 1
#endif
#endif

namespace mapsafe {
inline int runWithBigStack(llvm::function_ref<int()> body) {
#ifdef MAPSAFE_ASAN_BUILD
  // AddressSanitizer fails to tear down a thread with a custom stack
  // ("failed to deallocate" at exit), so sanitized builds keep the main
  // stack and do not test deep nesting (test/Reliability/deep-nesting.test).
  return body();
#endif
  constexpr unsigned kStackBytes = 1u << 30;
  int result = 1;
  llvm::thread worker(std::optional<unsigned>(kStackBytes),
                      [&] { result = body(); });
  worker.join();
  return result;
}
} // namespace mapsafe

#endif // MAPSAFE_TOOLS_BIGSTACK_H
