/* void probe_xmm(const unsigned long in[32], unsigned long out[32]):
 * xmm0-xmm15 = in, then the address of `block` through its TLS descriptor
 * (which promises to preserve every register but rax), then out = xmm0-15. */
	.text
	.globl	probe_xmm
	.type	probe_xmm, @function
probe_xmm:
	pushq	%rbx
	movq	%rsi, %rbx
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu	16*\n(%rdi), %xmm\n
	.endr
	leaq	block@TLSDESC(%rip), %rax
	call	*block@TLSCALL(%rax)
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqu	%xmm\n, 16*\n(%rbx)
	.endr
	popq	%rbx
	ret
	.size	probe_xmm, .-probe_xmm
	.section .note.GNU-stack,"",@progbits
