// Every op and type verifier message of the map dialect.
// RUN: map-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{map key type must be a signless integer of 1 to 64 bits or 'index', but got 'f32'}}
func.func @float_key(%m: !map.map<f32, i64>)

// -----

// expected-error @+1 {{map key type must be a signless integer of 1 to 64 bits or 'index', but got 'si32'}}
func.func @signed_key(%m: !map.map<si32, i64>)

// -----

// expected-error @+1 {{map value type must be a signless integer of 1 to 64 bits, 'index', 'f32' or 'f64', but got 'i128'}}
func.func @wide_value(%m: !map.map<i64, i128>)

// -----

// expected-error @+1 {{map value type must be a signless integer of 1 to 64 bits, 'index', 'f32' or 'f64', but got 'f16'}}
func.func @half_value(%m: !map.map<i64, f16>)

// -----

func.func @assign_value_type(%m: !map.map<i64, i64>, %k: i64, %v: i32) {
  // expected-error @+1 {{'map.assign' op failed to verify that value type matches the map's value type}}
  "map.assign"(%v, %m, %k) : (i32, !map.map<i64, i64>, i64) -> ()
  return
}

// -----

func.func @delete_key_type(%m: !map.map<i64, i64>, %k: i32) {
  // expected-error @+1 {{'map.delete' op failed to verify that key type matches the map's key type}}
  "map.delete"(%m, %k) : (!map.map<i64, i64>, i32) -> ()
  return
}

// -----

func.func @lookup_result_type(%m: !map.map<i64, i64>, %k: i64) {
  // expected-error @+1 {{'map.lookup' op failed to verify that value type matches the map's value type}}
  %v, %ok = "map.lookup"(%m, %k) : (!map.map<i64, i64>, i64) -> (f64, i1)
  return
}

// -----

func.func @key_type_in_form(%m: !map.map<i64, i64>, %k: i32) {
  // expected-note @-1 {{prior use here}}
  // expected-error @+1 {{use of value '%k' expects different type than prior uses: 'i64' vs 'i32'}}
  map.delete %m[%k] : !map.map<i64, i64>
  return
}

// -----

func.func @range_arity(%m: !map.map<i64, i64>) {
  // expected-error @+1 {{'map.range' op body must take two arguments (key: 'i64', value: 'i64'), but takes 1}}
  map.range %m : !map.map<i64, i64> {
  ^bb0(%k: i64):
    map.yield
  }
  return
}

// -----

func.func @range_key(%m: !map.map<i64, f64>) {
  // expected-error @+1 {{'map.range' op body's key argument has type 'i32', but the map's key type is 'i64'}}
  map.range %m : !map.map<i64, f64> {
  ^bb0(%k: i32, %v: f64):
    map.yield
  }
  return
}

// -----

func.func @range_value(%m: !map.map<i64, f64>) {
  // expected-error @+1 {{'map.range' op body's value argument has type 'f32', but the map's value type is 'f64'}}
  map.range %m : !map.map<i64, f64> {
  ^bb0(%k: i64, %v: f32):
    map.yield
  }
  return
}

// -----

func.func @go_arguments() {
  // expected-error @+1 {{'map.go' op task body must take no arguments; values from above are captured by use}}
  map.go {
  ^bb0(%x: i64):
    map.yield
  }
  return
}

// -----

func.func @yield_outside() {
  // expected-error @+1 {{'map.yield' op expects parent op to be one of 'map.range, map.go'}}
  map.yield
}

// -----

func.func @missing_global() {
  // expected-error @+1 {{'map.get_global' op '@nowhere' does not reference a symbol; expected a 'map.global'}}
  %g = map.get_global @nowhere : !map.map<i64, i64>
  return
}

// -----

func.func private @not_a_map()

func.func @global_not_a_map() {
  // expected-error @+1 {{'map.get_global' op '@not_a_map' references a 'func.func', not a 'map.global'}}
  %g = map.get_global @not_a_map : !map.map<i64, i64>
  return
}

// -----

map.global @table : !map.map<i64, i64>

func.func @global_type() {
  // expected-error @+1 {{'map.get_global' op result type '!map.map<i32, i64>' does not match the type '!map.map<i64, i64>' of map.global '@table'}}
  %g = map.get_global @table : !map.map<i32, i64>
  return
}

// -----

// expected-error @+1 {{'map.global' op attribute 'type' failed to satisfy constraint: type attribute of map reference}}
map.global @not_map_type : i64

// -----

// expected-error @+1 {{'map.global' op cannot be both 'concurrent' (verified) and 'nocheck' (trusted)}}
map.global @both {concurrent, nocheck} : !map.map<i64, i64>

// -----

func.func @make_both() {
  // expected-error @+1 {{'map.make' op cannot be both 'concurrent' (verified) and 'nocheck' (trusted)}}
  %m = map.make {concurrent, nocheck} : !map.map<i64, i64>
  return
}

// -----

func.func @make_typo() {
  // expected-error @+1 {{'map.make' op unknown attribute 'concurent'; expected 'concurrent' or 'nocheck'}}
  %m = map.make {concurent} : !map.map<i64, i64>
  return
}

// -----

// expected-error @+1 {{'map.global' op unknown attribute 'shared'; expected 'concurrent' or 'nocheck'}}
map.global @typo {shared} : !map.map<i64, i64>

// -----

// expected-error @+1 {{unknown attribute 'map.nrace'; the map dialect defines 'map.norace', 'map.object', 'map.owner', 'map.objects' and 'map.live_owners'}}
func.func @dialect_attr_typo() attributes {map.nrace} {
  return
}

// -----

func.func @norace_on_op() {
  // expected-error @+1 {{'map.norace' is only valid on 'func.func', not on 'map.mutex'}}
  %mu = map.mutex {map.norace}
  return
}

// -----

// expected-error @+1 {{'map.norace' must be a unit attribute}}
func.func @norace_value() attributes {map.norace = 1 : i64} {
  return
}

// -----

func.func @objects_not_array() {
  // expected-error @+1 {{'map.objects' must be an array attribute}}
  %mu = map.mutex {map.objects = 3 : i64}
  return
}

// -----

func.func @object_not_int() {
  // expected-error @+1 {{'map.object' must be an integer or string attribute}}
  %mu = map.mutex {map.object = [1]}
  return
}
