//===- ContainerCalls.h - recognise std container member calls -*- C++ -*-===//
//
// Which calls the MapSafe plugin instruments, decided from the callee's
// Itanium-mangled name alone: members of std::unordered_map, std::map,
// std::unordered_set, std::set (and their multi- variants), libstdc++ and
// libc++ (std::__1::) spellings, plus the few free std functions that take
// such a container (swap, erase_if, comparisons, std::begin/size...).
//
// Working on names keeps the plugin independent of the headers' layout: the
// pass runs at pipeline start, before inlining, when every container
// operation is still a call to a linkonce_odr member function.
//
//===----------------------------------------------------------------------===//
#ifndef MAPSAFE_TOOLS_PLUGIN_CONTAINERCALLS_H
#define MAPSAFE_TOOLS_PLUGIN_CONTAINERCALLS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mapsafe {

/// How a call touches one container argument.
enum class Access {
  Read,    ///< lookups and size queries: checkmapread ... _end
  Write,   ///< mutations: checkmapconcurrentwrite ... _end
  Iterate, ///< begin()-like calls and iterator steps: checkmapiterate
  Destroy, ///< destructor: a write, then container_destroyed
};

/// One container operand of a recognised call.
struct ContainerOperand {
  /// Index among the formal parameters of the callee (the `this` of a
  /// member is parameter 0, or 1 after an sret pointer).
  unsigned ParamIndex;
  Access Kind;
};

/// What a recognised call does.
struct ContainerCall {
  /// Demangled container template name without arguments, e.g. "std::map".
  std::string Container;
  /// Function base name, e.g. "operator[]", "find", "~map".
  std::string Member;
  bool IsMember = false;     ///< a member function (operand 0 is `this`)
  bool IsCtor = false;       ///< a constructor (no check on `this`)
  bool ReturnsThis = false;  ///< returns a reference to `this` (operator=)
  /// Container operands to check; parameter indices do not count a leading
  /// sret pointer (the caller adjusts).
  llvm::SmallVector<ContainerOperand, 2> Operands;
};

/// Classifies a call to the function named `MangledName`. Returns nothing
/// when the callee is not a container operation (or is one that touches no
/// container state, like end()). Constructors are returned with IsCtor set
/// and only their container-typed parameters (copy/move sources) listed, so
/// the elision analysis can accept them as uses of the container.
std::optional<ContainerCall> classifyCall(llvm::StringRef MangledName);

/// True for a function that belongs to the standard library or its
/// implementation namespaces (std::, __gnu_cxx::, __cxxabiv1::): its calls
/// are container internals and are not instrumented.
bool isStdLibraryFunction(llvm::StringRef MangledName);

/// True for operator++ / operator-- of a std iterator class, and
/// std::advance: a step of an iteration (Go's mapiternext).
bool isIteratorStep(llvm::StringRef MangledName);

/// True for functions that may legitimately receive the address of an
/// iterator without re-seating it onto another container: iterator member
/// operators and free std:: operators (==, !=, *, ->), std::advance.
bool isIteratorUse(llvm::StringRef MangledName);

/// Demangled name for messages and sites; the input when not mangled.
std::string demangleForSite(llvm::StringRef Name);

} // namespace mapsafe

#endif // MAPSAFE_TOOLS_PLUGIN_CONTAINERCALLS_H
