//===- ContainerCalls.cpp - recognise std container member calls ---------===//
//
// Name-based recognition of container operations for the MapSafe plugin.
// Everything is read off the Itanium partial demangler: the declaring
// context ("std::map<int, int, ...>"), the base name ("operator[]") and the
// printed parameter list (to find copy/move/swap partners).
//
// end()/cend() are recognised but not checked: in both libstdc++ and libc++
// they only compute an address (nullptr or &header) and read no container
// state, so a check there could only misname a lookup (`find(k) != end()`)
// as an iteration.
//
//===----------------------------------------------------------------------===//
#include "tools/plugin/ContainerCalls.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Demangle/Demangle.h"

#include <cstdlib>

using namespace llvm;

namespace mapsafe {
namespace {

/// The pieces of a demangled function name the classifier needs.
struct Demangled {
  bool Ok = false;
  bool IsCtorOrDtor = false;
  std::string Name;    // fully qualified, no return type or parameters
  std::string Context; // declaring class or namespace
  std::string Base;    // unqualified name, no template arguments
  std::string Params;  // "(int const&, ...)"
};

std::string take(char *Buf) {
  std::string S(Buf ? Buf : "");
  std::free(Buf);
  return S;
}

Demangled demangleParts(StringRef Mangled) {
  Demangled D;
  if (!Mangled.starts_with("_Z"))
    return D;
  std::string Owned = Mangled.str();
  ItaniumPartialDemangler P;
  if (P.partialDemangle(Owned.c_str()) || !P.isFunction())
    return D;
  size_t N = 0;
  D.Name = take(P.getFunctionName(nullptr, &N));
  N = 0;
  D.Context = take(P.getFunctionDeclContextName(nullptr, &N));
  N = 0;
  D.Base = take(P.getFunctionBaseName(nullptr, &N));
  N = 0;
  D.Params = take(P.getFunctionParameters(nullptr, &N));
  D.IsCtorOrDtor = P.isCtorOrDtor();
  D.Ok = !D.Name.empty();
  return D;
}

/// Skips "std::" and at most one implementation namespace such as libc++'s
/// inline "__1::" or libstdc++'s "__debug::". Returns false when Ty is not in
/// std.
bool dropStdPrefix(StringRef &Ty) {
  if (!Ty.consume_front("std::"))
    return false;
  if (Ty.starts_with("__")) {
    size_t Colons = Ty.find("::");
    size_t Angle = Ty.find('<');
    if (Colons != StringRef::npos && Colons < Angle)
      Ty = Ty.drop_front(Colons + 2);
  }
  return true;
}

/// When `Ty` is exactly a specialisation of one of the checked containers
/// ("std::map<...>", nothing after the closing '>'), returns its template
/// name ("std::map").
std::optional<std::string> containerTemplate(StringRef Ty) {
  Ty = Ty.trim();
  if (!dropStdPrefix(Ty))
    return std::nullopt;
  size_t Open = Ty.find('<');
  if (Open == StringRef::npos)
    return std::nullopt;
  StringRef Name = Ty.take_front(Open);
  bool Known = StringSwitch<bool>(Name)
                   .Cases({"unordered_map", "unordered_multimap", "map",
                           "multimap"},
                          true)
                   .Cases({"unordered_set", "unordered_multiset", "set",
                           "multiset"},
                          true)
                   .Default(false);
  if (!Known)
    return std::nullopt;
  int Depth = 0;
  for (size_t I = Open; I < Ty.size(); ++I) {
    if (Ty[I] == '<')
      ++Depth;
    else if (Ty[I] == '>' && --Depth == 0) {
      if (I + 1 != Ty.size())
        return std::nullopt; // a nested type, e.g. map<...>::value_compare
      return "std::" + Name.str();
    }
  }
  return std::nullopt;
}

/// True when the context is a namespace of the standard library ("std",
/// "std::__1"), i.e. the function is a free std function.
bool isStdNamespace(StringRef Ctx) {
  if (Ctx == "std")
    return true;
  return Ctx.starts_with("std::__") && !Ctx.contains('<') &&
         Ctx.count("::") == 1;
}

/// The parameter types of a printed parameter list, split at top-level
/// commas.
SmallVector<StringRef, 4> splitParams(StringRef Params) {
  SmallVector<StringRef, 4> Out;
  Params = Params.trim();
  if (!Params.consume_front("(") || !Params.consume_back(")"))
    return Out;
  int Depth = 0;
  size_t Start = 0;
  for (size_t I = 0; I < Params.size(); ++I) {
    char C = Params[I];
    if (C == '<' || C == '(' || C == '[')
      ++Depth;
    else if (C == '>' || C == ')' || C == ']')
      --Depth;
    else if (C == ',' && Depth == 0) {
      Out.push_back(Params.slice(Start, I).trim());
      Start = I + 1;
    }
  }
  StringRef Last = Params.drop_front(Start).trim();
  if (!Last.empty())
    Out.push_back(Last);
  return Out;
}

enum class RefKind { None, ConstLRef, LRef, RRef };

/// A parameter that is a reference to a checked container: how it is bound,
/// and the container's template name in `Container`.
RefKind containerRef(StringRef Param, std::string *Container = nullptr) {
  RefKind K;
  if (Param.consume_back(" const&"))
    K = RefKind::ConstLRef;
  else if (Param.consume_back("&&"))
    K = RefKind::RRef;
  else if (Param.consume_back("&"))
    K = RefKind::LRef;
  else
    return RefKind::None;
  std::optional<std::string> Name = containerTemplate(Param);
  if (!Name)
    return RefKind::None;
  if (Container)
    *Container = *Name;
  return K;
}

/// Kind of a member call on `this`; nothing for members that touch no
/// container state (end(), key_comp(), get_allocator()...).
std::optional<Access> memberAccess(StringRef Base, StringRef Params) {
  if (Base == "max_load_factor")
    return Params == "()" ? Access::Read : Access::Write;
  return StringSwitch<std::optional<Access>>(Base)
      .Cases({"operator[]", "insert", "insert_or_assign", "insert_range",
              "emplace", "emplace_hint", "try_emplace", "erase", "clear"},
             Access::Write)
      .Cases({"swap", "merge", "extract", "rehash", "reserve", "operator="},
             Access::Write)
      .Cases({"find", "count", "contains", "at", "size", "empty",
              "equal_range", "lower_bound", "upper_bound"},
             Access::Read)
      .Cases({"bucket_count", "bucket_size", "bucket", "load_factor"},
             Access::Read)
      .Cases({"begin", "cbegin", "rbegin", "crbegin", "rend", "crend"},
             Access::Iterate)
      .Default(std::nullopt);
}

/// Kind of a free std function on its container arguments.
std::optional<Access> freeAccess(StringRef Base) {
  return StringSwitch<std::optional<Access>>(Base)
      .Cases({"swap", "erase_if", "erase"}, Access::Write)
      .Cases({"operator==", "operator!=", "operator<", "operator<=",
              "operator>", "operator>=", "operator<=>"},
             Access::Read)
      .Cases({"size", "ssize", "empty"}, Access::Read)
      .Cases({"begin", "cbegin", "rbegin", "crbegin", "rend", "crend"},
             Access::Iterate)
      .Default(std::nullopt);
}

bool isStdIteratorClass(StringRef Ctx) {
  if (!dropStdPrefix(Ctx))
    return false;
  StringRef Name = Ctx.take_until([](char C) { return C == '<'; });
  return Name.contains_insensitive("iterator");
}

} // namespace

std::optional<ContainerCall> classifyCall(StringRef MangledName) {
  Demangled D = demangleParts(MangledName);
  if (!D.Ok)
    return std::nullopt;

  ContainerCall Call;
  Call.Member = D.Base;
  SmallVector<StringRef, 4> Params = splitParams(D.Params);

  if (std::optional<std::string> Container = containerTemplate(D.Context)) {
    Call.Container = *Container;
    Call.IsMember = true;
    if (D.IsCtorOrDtor) {
      if (StringRef(D.Base).starts_with("~")) {
        Call.Operands.push_back({0, Access::Destroy});
        return Call;
      }
      // Copy and move constructors read or empty their source.
      Call.IsCtor = true;
      if (Params.size() == 1) {
        RefKind K = containerRef(Params[0]);
        if (K == RefKind::ConstLRef)
          Call.Operands.push_back({1, Access::Read});
        else if (K != RefKind::None)
          Call.Operands.push_back({1, Access::Write});
      }
      return Call;
    }
    std::optional<Access> Kind = memberAccess(D.Base, D.Params);
    if (Kind)
      Call.Operands.push_back({0, *Kind});
    Call.ReturnsThis = D.Base == "operator=";
    // The partner of copy/move assignment, swap and merge.
    if (Kind && Params.size() == 1 &&
        (D.Base == "operator=" || D.Base == "swap" || D.Base == "merge")) {
      RefKind K = containerRef(Params[0]);
      if (K == RefKind::ConstLRef)
        Call.Operands.push_back({1, Access::Read});
      else if (K != RefKind::None)
        Call.Operands.push_back({1, Access::Write});
    }
    return Call;
  }

  if (!isStdNamespace(D.Context))
    return std::nullopt;
  std::optional<Access> Kind = freeAccess(D.Base);
  if (!Kind)
    return std::nullopt;
  for (unsigned I = 0; I < Params.size(); ++I) {
    std::string Container;
    RefKind K = containerRef(Params[I], &Container);
    if (K == RefKind::None)
      continue;
    // A write through a const reference is not possible (erase_if on a
    // const map does not compile); treat it as the read it must be.
    Access A = (*Kind == Access::Write && K == RefKind::ConstLRef)
                   ? Access::Read
                   : *Kind;
    Call.Operands.push_back({I, A});
    if (Call.Container.empty())
      Call.Container = Container;
  }
  if (Call.Operands.empty())
    return std::nullopt;
  return Call;
}

bool isStdLibraryFunction(StringRef MangledName) {
  Demangled D = demangleParts(MangledName);
  if (!D.Ok)
    return false;
  StringRef Name = D.Name;
  return Name.starts_with("std::") || Name.starts_with("__gnu_cxx::") ||
         Name.starts_with("__gnu_debug::") || Name.starts_with("__cxxabiv1::");
}

bool isIteratorStep(StringRef MangledName) {
  Demangled D = demangleParts(MangledName);
  if (!D.Ok)
    return false;
  if (D.Base == "operator++" || D.Base == "operator--")
    return isStdIteratorClass(D.Context) || isStdNamespace(D.Context);
  return D.Base == "advance" && isStdNamespace(D.Context);
}

bool isIteratorUse(StringRef MangledName) {
  Demangled D = demangleParts(MangledName);
  if (!D.Ok)
    return false;
  if (isStdIteratorClass(D.Context))
    return !D.IsCtorOrDtor && D.Base != "operator=";
  if (isStdNamespace(D.Context))
    return D.Base == "advance" ||
           (StringRef(D.Base).starts_with("operator") && D.Base != "operator=");
  return false;
}

std::string demangleForSite(StringRef Name) { return llvm::demangle(Name); }

} // namespace mapsafe
