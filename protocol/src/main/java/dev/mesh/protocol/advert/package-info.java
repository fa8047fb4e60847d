/** What a node tells the mesh about itself (DESIGN.md section 4); routing reads only this. */
package dev.mesh.protocol.advert;
