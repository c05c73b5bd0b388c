;; hnswlib's inner-product distance as its SSE build computes it (space_ip.h): the first `lanes` floats
;; (a multiple of 4: all of them when the dimensions are, else the whole 16s or 4s) summed in four
;; float32 lanes, lane i taking elements i, i+4, i+8, …, the lanes added left to right,
;; ((l0 + l1) + l2) + l3; the `tail` floats after them summed one by one from 0 (its scalar
;; InnerProduct); and the distance 1 − (lanes' sum + tail's sum). With no tail that is 1 − the lanes'
;; sum exactly, as InnerProductDistanceSIMD16ExtSSE/SIMD4ExtSSE return. WebAssembly's f32x4.mul and
;; f32x4.add round like SSE's mulps/addps (no fused multiply-add), so every distance is bit for bit
;; hnswlib's — and so are the walks and ties that follow from them (src/vector/graph-walk.ts).
;; The memory is the graph file's, shared: every thread walks the one copy.
;;
;; Compiled into inner-product.wasm by `npm run wasm` (wabt); test/vector/inner-product-wasm.test.ts
;; checks the committed bytes are this text's.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; The lanes' sum, as SSE's horizontal add.
  (func $sumOf (param $lanes v128) (result f32)
    (f32.add
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $lanes)) (f32x4.extract_lane 1 (local.get $lanes)))
        (f32x4.extract_lane 2 (local.get $lanes)))
      (f32x4.extract_lane 3 (local.get $lanes))))

  ;; The scalar sum of `tail` products from $query and $vector on, from 0.
  (func $tailSum (param $query i32) (param $vector i32) (param $tail i32) (result f32)
    (local $sum f32) (local $end i32)
    (local.set $end (i32.add (local.get $query) (i32.shl (local.get $tail) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $query) (local.get $end)))
        (local.set $sum
          (f32.add (local.get $sum) (f32.mul (f32.load (local.get $query)) (f32.load (local.get $vector)))))
        (local.set $query (i32.add (local.get $query) (i32.const 4)))
        (local.set $vector (i32.add (local.get $vector) (i32.const 4)))
        (br $next)))
    (local.get $sum))

  ;; The distance of one vector.
  (func $one (param $query i32) (param $vector i32) (param $lanes i32) (param $tail i32) (result f32)
    (local $sum v128) (local $end i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $lanes) (i32.const 2)))
    (local.set $end (i32.add (local.get $query) (local.get $bytes)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $query) (local.get $end)))
        (local.set $sum
          (f32x4.add (local.get $sum)
            (f32x4.mul (v128.load (local.get $query)) (v128.load (local.get $vector)))))
        (local.set $query (i32.add (local.get $query) (i32.const 16)))
        (local.set $vector (i32.add (local.get $vector) (i32.const 16)))
        (br $next)))
    (f32.sub (f32.const 1)
      (f32.add (call $sumOf (local.get $sum))
        (call $tailSum (local.get $query) (local.get $vector) (local.get $tail)))))

  ;; Four distances in one pass: each vector keeps lanes of its own (the same sums as one at a time),
  ;; and the four vectors' loads overlap — what hnswlib gets from prefetching the next neighbour.
  (func $four (param $query i32) (param $a i32) (param $b i32) (param $c i32) (param $d i32)
              (param $lanes i32) (param $tail i32) (param $out i32)
    (local $q v128) (local $la v128) (local $lb v128) (local $lc v128) (local $ld v128)
    (local $at i32) (local $end i32)
    (local.set $at (local.get $query))
    (local.set $end (i32.add (local.get $query) (i32.shl (local.get $lanes) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $q (v128.load (local.get $at)))
        (local.set $la (f32x4.add (local.get $la) (f32x4.mul (local.get $q) (v128.load (local.get $a)))))
        (local.set $lb (f32x4.add (local.get $lb) (f32x4.mul (local.get $q) (v128.load (local.get $b)))))
        (local.set $lc (f32x4.add (local.get $lc) (f32x4.mul (local.get $q) (v128.load (local.get $c)))))
        (local.set $ld (f32x4.add (local.get $ld) (f32x4.mul (local.get $q) (v128.load (local.get $d)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $next)))
    (f32.store (local.get $out) (f32.sub (f32.const 1)
      (f32.add (call $sumOf (local.get $la)) (call $tailSum (local.get $at) (local.get $a) (local.get $tail)))))
    (f32.store offset=4 (local.get $out) (f32.sub (f32.const 1)
      (f32.add (call $sumOf (local.get $lb)) (call $tailSum (local.get $at) (local.get $b) (local.get $tail)))))
    (f32.store offset=8 (local.get $out) (f32.sub (f32.const 1)
      (f32.add (call $sumOf (local.get $lc)) (call $tailSum (local.get $at) (local.get $c) (local.get $tail)))))
    (f32.store offset=12 (local.get $out) (f32.sub (f32.const 1)
      (f32.add (call $sumOf (local.get $ld)) (call $tailSum (local.get $at) (local.get $d) (local.get $tail))))))

  ;; The address of element ids[i]'s vector.
  (func $vectorOf (param $ids i32) (param $i i32) (param $base i32) (param $stride i32) (result i32)
    (i32.add (local.get $base)
      (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))) (local.get $stride))))

  ;; One distance: the query at $query against the vector at $vector.
  (func (export "distance") (param $query i32) (param $vector i32) (param $lanes i32) (param $tail i32) (result f32)
    (call $one (local.get $query) (local.get $vector) (local.get $lanes) (local.get $tail)))

  ;; The distances of the `count` elements whose ids (u32) are at $ids, as f32 at $out; element e's
  ;; vector is at $base + e × $stride.
  (func (export "distances") (param $query i32) (param $ids i32) (param $count i32) (param $out i32)
                             (param $base i32) (param $stride i32) (param $lanes i32) (param $tail i32)
    (local $i i32)
    (block $fours
      (loop $each4
        (br_if $fours (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $count)))
        (call $four (local.get $query)
          (call $vectorOf (local.get $ids) (local.get $i) (local.get $base) (local.get $stride))
          (call $vectorOf (local.get $ids) (i32.add (local.get $i) (i32.const 1)) (local.get $base) (local.get $stride))
          (call $vectorOf (local.get $ids) (i32.add (local.get $i) (i32.const 2)) (local.get $base) (local.get $stride))
          (call $vectorOf (local.get $ids) (i32.add (local.get $i) (i32.const 3)) (local.get $base) (local.get $stride))
          (local.get $lanes) (local.get $tail)
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each4)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (call $one (local.get $query)
            (call $vectorOf (local.get $ids) (local.get $i) (local.get $base) (local.get $stride))
            (local.get $lanes) (local.get $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))))
